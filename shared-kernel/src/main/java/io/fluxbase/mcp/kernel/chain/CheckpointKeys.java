package io.fluxbase.mcp.kernel.chain;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The checkpoint key's public half as text (PEM, or its bare base64), and signature checks against it. */
public final class CheckpointKeys {

    public static final String ALGORITHM = "Ed25519";
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private CheckpointKeys() {
    }

    public static String pem(PublicKey key) {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded()) + "\n"
                + END + "\n";
    }

    /** A PEM public key or its base64 body; {@code where} names the source in the error. */
    public static PublicKey parse(String text, String where) {
        String body = text.replace(BEGIN, "").replace(END, "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException(where + ": not an Ed25519 public key; expected the PEM that"
                    + " 'fluxbase logs pubkey' prints");
        }
    }

    public static boolean verifies(PublicKey key, Checkpoint checkpoint) {
        return verifies(key, checkpoint.signed(), checkpoint.signature());
    }

    public static boolean verifies(PublicKey key, byte[] signed, byte[] signature) {
        try {
            Signature check = Signature.getInstance(ALGORITHM);
            check.initVerify(key);
            check.update(signed);
            return check.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
