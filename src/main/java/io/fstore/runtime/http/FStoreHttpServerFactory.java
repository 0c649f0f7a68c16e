package io.fstore.runtime.http;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainHttpServerFactory;

/**
 * Camel Main builds its HTTP server ({@code camel.server.*}) with the {@link MainHttpServerFactory} it finds in the
 * registry before its own: this one gives it {@link FStoreHttpServer}, with {@code camel.server.host}, {@code port}
 * and {@code max-body-size} and FStore's {@link HttpSettings}. The management server ({@code camel.management.*}) stays
 * Camel's.
 */
public final class FStoreHttpServerFactory implements MainHttpServerFactory {

    private final HttpSettings settings;

    public FStoreHttpServerFactory(HttpSettings settings) {
        this.settings = settings;
    }

    /** Makes {@code main} serve platform-http with FStore's server, engine and header filter. */
    public static void bindInto(Main main, HttpSettings settings) {
        main.bind("fstoreHttpServerFactory", new FStoreHttpServerFactory(settings));
        main.bind(FStorePlatformHttpEngine.BEAN_NAME, new FStorePlatformHttpEngine());
    }

    @Override
    public Service newHttpServer(CamelContext camelContext, HttpServerConfigurationProperties configuration) {
        refuse(configuration.getPath() != null && !configuration.getPath().equals("/"), "camel.server.path");
        refuse(configuration.isAuthenticationEnabled(), "camel.server.authentication-enabled");
        refuse(configuration.isUseGlobalSslContextParameters(), "camel.server.use-global-ssl-context-parameters");
        refuse(configuration.isStaticEnabled(), "camel.server.static-enabled");
        FStoreHttpServer.checkCanListen(configuration.getHost(), configuration.getPort());
        FStoreHttpServer server = new FStoreHttpServer(configuration.getHost(), configuration.getPort(),
                configuration.getMaxBodySize(), settings);
        server.setCamelContext(camelContext);
        return server;
    }

    /** A Camel server option FStore's server does not implement must not be silently ignored (e.g. authentication). */
    private static void refuse(boolean set, String property) {
        if (set) {
            throw new HttpServerStartException(property + " is not supported by FStore's HTTP server; remove it",
                    null);
        }
    }

    @Override
    public Service newHttpManagementServer(CamelContext camelContext,
                                           HttpManagementServerConfigurationProperties configuration) {
        // Camel would log the bind failure and run on without metrics, health and Jolokia: stop, naming the port
        FStoreHttpServer.checkCanListen(configuration.getHost(), configuration.getPort(), "camel.management");
        DefaultMainHttpServerFactory camels = new DefaultMainHttpServerFactory();
        camels.setCamelContext(camelContext);
        return camels.newHttpManagementServer(camelContext, configuration);
    }
}
