package io.fluxbase.mcp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What must not come back onto the class path with a dependency upgrade. */
class ClassPathTest {

    /** STACK-NOTES: every serializer is Jackson; XStream, if present, is still instantiated by Axon. */
    @Test
    void xstreamIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("com.thoughtworks.xstream.XStream", false,
                ClassPathTest.class.getClassLoader()))
                .as("XStream is on the class path again; exclude com.thoughtworks.xstream:xstream from the dependency"
                        + " that brings it (./mvnw -pl app -am dependency:tree -Dincludes=com.thoughtworks.xstream)")
                .isInstanceOf(ClassNotFoundException.class);
    }
}
