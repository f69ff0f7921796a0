package io.fluxbase.mcp.command.vector;

import io.fluxbase.mcp.kernel.vector.Embeddings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code vectors.provider}: {@code local} (the in-process model, the default) or {@code openai}. */
@Configuration(proxyBeanMethods = false)
class EmbeddingProviders {

    @Bean
    Embeddings embeddings(@Value("${fluxbase.vectors.provider:local}") String provider,
            @Value("${fluxbase.vectors.openai.base-url:}") String baseUrl,
            @Value("${fluxbase.vectors.openai.model:text-embedding-3-small}") String model,
            @Value("${fluxbase.vectors.openai.api-key:}") String apiKey) {
        return provider.equals("openai") ? new OpenAiEmbeddings(baseUrl, model, apiKey) : new LocalEmbeddings();
    }
}
