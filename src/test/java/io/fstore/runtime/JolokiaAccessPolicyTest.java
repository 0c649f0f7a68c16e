package io.fstore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;

import javax.management.ObjectName;

import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged jolokia-access.xml, read by Jolokia's own policy classes as FStore's management server reads it: which
 * client addresses, browser origins and MBean operations it lets through. (JolokiaIT checks the same over HTTP.)
 */
class JolokiaAccessPolicyTest {

    private static PolicyRestrictor policy;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream xml = JolokiaAccessPolicyTest.class.getResourceAsStream("/jolokia-access.xml")) {
            assertThat(xml).as("jolokia-access.xml on the classpath").isNotNull();
            policy = new PolicyRestrictor(xml);
        }
    }

    @ParameterizedTest(name = "client {0}: {1}")
    @CsvSource({
            "127.0.0.1, true",
            "::1, true",
            "0:0:0:0:0:0:0:1, true",
            "127.0.0.2, false",
            "10.1.2.3, false",
            "172.17.0.1, false",
            "192.168.1.20, false",
            "203.0.113.7, false",
            "fe80::1, false",
            "2001:db8::7, false"})
    void lets_in_only_clients_on_this_machine(String address, boolean allowed) {
        // the management server passes the client's address as both host and address
        assertThat(policy.isRemoteAccessAllowed(address, address)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "origin \"{0}\": {1}")
    @CsvSource({
            "'', true",
            "http://127.0.0.1:9877, true",
            "http://localhost:9877, true",
            "http://[::1]:9877, true",
            "http://localhost:9877/hawtio/camel/routes, true",
            "http://fstore-demo.example, false",
            "https://fstore-demo.example:9877, false",
            "http://localhost.fstore-demo.example, false",
            "http://127.0.0.1.fstore-demo.example, false",
            "null, false"})
    void lets_in_requests_without_origin_or_from_pages_served_on_this_machine(String origin, boolean allowed) {
        // strict checking: the management server checks the Origin (else the Referer, else "") of every request
        assertThat(policy.isOriginAllowed(origin, true)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "com.sun.management:type=DiagnosticCommand, jvmtiAgentLoad, false",
            "com.sun.management:type=DiagnosticCommand, vmVersion, false",
            "com.sun.management:type=HotSpotDiagnostic, dumpHeap, false",
            "com.sun.management:type=HotSpotDiagnostic, setVMOption, false",
            "'org.apache.camel:context=fstore,type=routes,name=\"fg.spend\"', stop, true",
            "'org.apache.camel:context=fstore,type=context,name=\"fstore\"', dumpRoutesAsXml, true",
            "java.lang:type=Memory, gc, true"})
    void refuses_the_jvm_diagnostic_operations_and_allows_the_rest(String mbean, String operation, boolean allowed)
            throws Exception {
        assertThat(policy.isOperationAllowed(new ObjectName(mbean), operation)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "read {0} {1}")
    @CsvSource({
            "com.sun.management:type=HotSpotDiagnostic, DiagnosticOptions",
            "'org.apache.camel:context=fstore,type=routes,name=\"fg.spend\"', ExchangesCompleted",
            "java.lang:type=Memory, HeapMemoryUsage"})
    void reads_every_attribute(String mbean, String attribute) throws Exception {
        assertThat(policy.isAttributeReadAllowed(new ObjectName(mbean), attribute)).isTrue();
    }
}
