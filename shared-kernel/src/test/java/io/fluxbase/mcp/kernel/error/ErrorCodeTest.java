package io.fluxbase.mcp.kernel.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.kernel.audit.CallOutcome;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void everyCodeHasItsOwnStableName() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName)).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).matches("[a-z]+(_[a-z]+)*"));
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeIsAnsweredWithAnErrorStatusAndAJsonRpcErrorCode(ErrorCode code) {
        assertThat(code.httpStatus()).isBetween(400, 599);
        assertThat(code.jsonRpcCode()).isBetween(-32768, -32000);
        assertThat(code.outcome()).isNotEqualTo(CallOutcome.OK);
    }

    @Test
    void refusalsByPolicyOrPrivilegeCountAsDenials() {
        assertThat(ErrorCode.RLS_VIOLATION.outcome()).isEqualTo(CallOutcome.DENIED);
        assertThat(ErrorCode.PERMISSION_DENIED.outcome()).isEqualTo(CallOutcome.DENIED);
        assertThat(ErrorCode.MISSING_SCOPE.outcome()).isEqualTo(CallOutcome.DENIED);
        assertThat(ErrorCode.RATE_LIMITED.outcome()).isEqualTo(CallOutcome.RATE_LIMITED);
    }

    @Test
    void sdkErrorsMapToTheirCodes() {
        assertThat(ErrorCode.ofJsonRpc(-32602)).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(ErrorCode.ofJsonRpc(-32603)).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(ErrorCode.ofJsonRpc(-32099)).isEqualTo(ErrorCode.INVALID_REQUEST);
    }
}
