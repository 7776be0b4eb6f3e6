// The gevent4j build's check of this sample (library/pom.xml, maven-invoker-plugin runs it after
// `mvn package exec:exec` here); a copy of the sample does not need this file.
import java.util.jar.JarFile

def expected = 'hello from greenlets, woken in order: 1 2 3'
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'surefire ran HelloTest with the flag'
assert log.contains(expected) : 'exec:exec ran Hello with the flag'

def java = new File(System.getProperty('java.home'), 'bin/java').path
def run = { List<String> command ->
    def p = command.execute(null, basedir)
    def out = new StringBuilder(), err = new StringBuilder()
    p.consumeProcessOutput(out, err)
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) { p.destroyForcibly(); assert false : "timed out: $command" }
    [p.exitValue(), out.toString(), err.toString()]
}

// The fat jar runs with a plain `java -jar`: its manifest names the main class and carries Add-Opens.
def fat = new File(basedir, 'target/hello-1.0.jar')
assert fat.isFile()
def manifest = new JarFile(fat).withCloseable { it.manifest.mainAttributes }
assert manifest.getValue('Main-Class') == 'org.example.hello.Hello'
assert manifest.getValue('Add-Opens') == 'java.base/java.lang'
def (code, out, err) = run([java, '-jar', fat.path])
assert code == 0 : "java -jar $fat exited $code: $err"
assert out.trim() == expected

// Without the flag (the thin jar and gevent4j on the class path) gevent4j says what is missing.
def gevent4j = new File(localRepositoryPath, "org/gevent4j/gevent4j/${gevent4jVersion}/gevent4j-${gevent4jVersion}.jar")
assert gevent4j.isFile()
def thin = new File(basedir, 'target/original-hello-1.0.jar')
(code, out, err) = run([java, '-cp', thin.path + File.pathSeparator + gevent4j.path, 'org.example.hello.Hello'])
assert code != 0
assert err.contains('--add-opens java.base/java.lang=ALL-UNNAMED') : err
assert err.contains("manifest attribute 'Add-Opens: java.base/java.lang'") : err
return true
