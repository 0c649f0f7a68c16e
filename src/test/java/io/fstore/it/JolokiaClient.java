package io.fstore.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jolokia's JSON protocol over plain HTTP POST, as Hawtio speaks it: to FStore's {@code /observe/jolokia} directly, or
 * to the same endpoint through Hawtio's proxy.
 */
public final class JolokiaClient {

    /** The pattern of every Camel route MBean of FStore's context ({@code camel.main.name = fstore}). */
    public static final String ROUTES = "org.apache.camel:context=fstore,type=routes,*";

    /** What came back: the HTTP status and Jolokia's answer (its {@code status}, {@code value} or {@code error}). */
    public record Answer(int httpStatus, JsonNode body) {

        public int status() {
            return body.path("status").asInt();
        }

        public JsonNode value() {
            return body.path("value");
        }

        /** The value of a successful request, else an AssertionError quoting the answer. */
        public JsonNode ok() {
            if (httpStatus != 200 || status() != 200) {
                throw new AssertionError("Jolokia answered HTTP " + httpStatus + ": " + body);
            }
            return value();
        }
    }

    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** @param endpoint e.g. http://127.0.0.1:9876/observe/jolokia */
    public JolokiaClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** One request ({@code type}, {@code mbean}, ...) with extra HTTP headers as name, value pairs. */
    public Answer post(Map<String, ?> request, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            builder.headers(headers);
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    /** The names of the MBeans matching a pattern. */
    public List<String> search(String pattern) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        post(Map.of("type", "search", "mbean", pattern)).ok().forEach(n -> names.add(n.asText()));
        return names;
    }

    public JsonNode read(String mbean, String attribute) throws IOException, InterruptedException {
        return post(Map.of("type", "read", "mbean", mbean, "attribute", attribute)).ok();
    }

    /** One attribute of every Camel route, by route id, in one request. */
    public Map<String, JsonNode> readRoutes(String attribute) throws IOException, InterruptedException {
        Map<String, JsonNode> byRoute = new TreeMap<>();
        read(ROUTES, attribute).fields()
                .forEachRemaining(e -> byRoute.put(routeId(e.getKey()), e.getValue().get(attribute)));
        return byRoute;
    }

    /** The MBean of route {@code id}. */
    public static String route(String id) {
        return "org.apache.camel:context=fstore,type=routes,name=" + ObjectName.quote(id);
    }

    /** The route id in a route MBean's name. */
    public static String routeId(String mbean) {
        try {
            return ObjectName.unquote(new ObjectName(mbean).getKeyProperty("name"));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(mbean, e);
        }
    }
}
