package io.fluxbase.mcp.command.vector;

import io.fluxbase.mcp.kernel.vector.EmbeddingUnavailable;
import io.fluxbase.mcp.kernel.vector.Embeddings;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An OpenAI-compatible embeddings endpoint ({@code POST {base_url}/embeddings} with {@code model} and {@code input}),
 * e.g. OpenAI itself, a local Ollama or vLLM. The key, when set, goes as a bearer token and never into a message.
 */
final class OpenAiEmbeddings implements Embeddings {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OpenAiEmbeddings(String baseUrl, String model, String apiKey) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/embeddings");
        this.model = model;
        this.apiKey = apiKey;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public void prepare() {
        // nothing to load: the endpoint holds the model
    }

    @Override
    public CompletableFuture<List<float[]>> embed(List<String> texts) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("model", model, "input", texts));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        throw new EmbeddingUnavailable("the embedding provider at " + endpoint + " did not answer ("
                                + error.getClass().getSimpleName() + "); check vectors.openai.base_url and that the"
                                + " service is up", error);
                    }
                    if (response.statusCode() != 200) {
                        throw new EmbeddingUnavailable("the embedding provider at " + endpoint + " answered "
                                + response.statusCode() + ": " + abbreviated(response.body()));
                    }
                    return vectors(response.body(), texts.size());
                });
    }

    private List<float[]> vectors(String body, int expected) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (JsonProcessingException e) {
            throw new EmbeddingUnavailable("the embedding provider at " + endpoint + " answered something other"
                    + " than JSON: " + abbreviated(body));
        }
        if (!data.isArray() || data.size() != expected) {
            throw new EmbeddingUnavailable("the embedding provider at " + endpoint + " answered " + data.size()
                    + " embeddings for " + expected + " texts");
        }
        List<float[]> vectors = new ArrayList<>(java.util.Collections.nCopies(expected, new float[0]));
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            JsonNode values = item.path("embedding");
            float[] vector = new float[values.size()];
            for (int d = 0; d < vector.length; d++) {
                vector[d] = (float) values.get(d).asDouble();
            }
            vectors.set(item.has("index") ? item.get("index").asInt() : i, vector);
        }
        return vectors;
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
