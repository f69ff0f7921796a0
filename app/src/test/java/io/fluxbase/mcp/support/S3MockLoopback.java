package io.fluxbase.mcp.support;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Loaded into the S3Mock process, not this one (see {@link S3MockServer}): S3Mock's plain-HTTP connector listens on
 * every interface, and nothing in its configuration changes that; this puts it on loopback. Only reflection on
 * Tomcat, whose classes are S3Mock's.
 */
public class S3MockLoopback implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean.getClass().getName().equals("org.apache.catalina.connector.Connector")) {
            try {
                Object set = bean.getClass().getMethod("setProperty", String.class, String.class)
                        .invoke(bean, "address", "127.0.0.1");
                if (!Boolean.TRUE.equals(set)) {
                    throw new IllegalStateException("Tomcat's connector took no address");
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot put S3Mock's HTTP connector on loopback", e);
            }
        }
        return bean;
    }
}
