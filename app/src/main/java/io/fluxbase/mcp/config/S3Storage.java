package io.fluxbase.mcp.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The S3 client of the {@code s3} storage backend. Credentials come from the AWS SDK's default chain (the
 * environment's AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role), never from fluxbase.yaml.
 * Its HTTP client is the JDK's URL connection: the server's own Netty loops are not for blocking calls.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "fluxbase.storage.backend", havingValue = "s3")
class S3Storage {

    @Bean(destroyMethod = "close")
    S3Client s3Client(@Value("${fluxbase.storage.s3.endpoint}") String endpoint,
            @Value("${fluxbase.storage.s3.region}") String region,
            @Value("${fluxbase.storage.s3.path-style}") boolean pathStyle) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .region(Region.of(region))
                .forcePathStyle(pathStyle);
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
