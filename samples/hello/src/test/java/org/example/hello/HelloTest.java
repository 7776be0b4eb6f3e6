package org.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Runs in surefire's forked JVM, which gets the --add-opens flag from the pom's argLine. */
class HelloTest {
    @Test
    void greenletsWakeInTheOrderOfTheirSleeps() {
        assertEquals("hello from greenlets, woken in order: 1 2 3", Hello.wakeOrder());
    }
}
