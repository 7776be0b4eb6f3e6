package org.gevent4j.http.clients;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A real-client test whose tool is missing fails, naming the script that installs the tools. */
class ToolsTest {
    @Test
    void aMissingToolFailsNamingTheInstallScript() {
        assertThatThrownBy(() -> Tools.require("gevent4j-no-such-client-tool"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gevent4j-no-such-client-tool not found")
                .hasMessageContaining(".ci/clients.sh");
    }

    @Test
    void aPythonWithoutTheModuleFailsNamingTheInstallScript() {
        assertThatThrownBy(() -> Tools.python("gevent4j_no_such_module"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(".ci/clients.sh");
    }
}
