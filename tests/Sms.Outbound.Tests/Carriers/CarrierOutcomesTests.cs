using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Resilience;

namespace Sms.Outbound.Tests.Carriers;

public class CarrierOutcomesTests
{
    private static CarrierSendResult Failed(string? code, bool retryable, bool throttled = false) =>
        new CarrierSendResult.Failed(new CarrierError(code, "reason", retryable, throttled));

    public static IEnumerable<TestCaseData> Outcomes()
    {
        // result, retried in the consumer, counted by the circuit breaker
        yield return new TestCaseData(new CarrierSendResult.Accepted(["0A1"], []), false, false).SetName("accepted");
        yield return new TestCaseData(Failed("1", true, throttled: true), true, false).SetName("status 1 throttled");
        yield return new TestCaseData(Failed(null, true, throttled: true), true, false).SetName("HTTP 429");
        yield return new TestCaseData(Failed("5", true), true, true).SetName("status 5 internal error");
        yield return new TestCaseData(Failed("10", true), true, true).SetName("status 10 too many binds");
        yield return new TestCaseData(Failed(null, true), true, true).SetName("HTTP 5xx or no connection");
        yield return new TestCaseData(Failed("4", false), false, false).SetName("status 4 bad credentials");
        yield return new TestCaseData(Failed("7", false), false, false).SetName("status 7 number barred");
        yield return new TestCaseData(Failed(null, false), false, false).SetName("HTTP 400");
        yield return new TestCaseData(new CarrierSendResult.OutcomeUnknown("timeout"), false, true).SetName("outcome unknown (timeout, dropped, 504)");
    }

    [TestCaseSource(nameof(Outcomes))]
    public void Only_outcomes_that_sent_nothing_are_retried_and_only_carrier_failures_open_the_circuit(
        CarrierSendResult result, bool retried, bool countedAsFailure)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CarrierOutcomes.ShouldRetry(result), Is.EqualTo(retried), "retried");
            Assert.That(CarrierOutcomes.IsCarrierFailure(result), Is.EqualTo(countedAsFailure), "counted by the circuit breaker");
        });
    }
}
