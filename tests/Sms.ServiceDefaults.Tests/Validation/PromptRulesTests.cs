using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Validation;

namespace Sms.ServiceDefaults.Tests.Validation;

/// <summary>
/// A prompt from the bus (a campaign's <c>CreateCampaign</c>) is held to the rules a prompt over HTTP is (a single
/// send's, covered field by field in Ingress' <c>SendSmsRequestValidatorTests</c>), named by the same fields.
/// </summary>
public sealed class PromptRulesTests
{
    private static readonly SmsPrompt Valid = new()
    {
        SessionType = "appointment_reminder",
        Options = new Dictionary<string, string> { ["YES"] = "confirm", ["NO"] = "reschedule" },
        AutoResponses = new Dictionary<string, string> { ["confirm"] = "See you then!" },
        TimeToLive = TimeSpan.FromDays(1),
        Context = new Dictionary<string, string> { ["appointmentId"] = "A-1" },
    };

    [Test]
    public void A_valid_prompt_from_the_bus_has_no_problem() => Assert.That(PromptRules.Problems(Valid), Is.Empty);

    private static IEnumerable<TestCaseData> Broken()
    {
        yield return new TestCaseData(Valid with { SessionType = " " }, "prompt.sessionType").SetName("A blank session type");
        yield return new TestCaseData(Valid with { Options = new Dictionary<string, string>(), AutoResponses = new Dictionary<string, string>() }, "prompt.options").SetName("No option");
        yield return new TestCaseData(Valid with { Options = null!, AutoResponses = new Dictionary<string, string>() }, "prompt.options").SetName("Options missing from the message");
        yield return new TestCaseData(Valid with { AutoResponses = new Dictionary<string, string> { ["cancel"] = "Bye" } }, "prompt.autoResponses")
            .SetName("An auto-response no option leads to");
        yield return new TestCaseData(Valid with { TimeToLive = TimeSpan.FromSeconds(59) }, "prompt.timeToLiveSeconds").SetName("Under a minute");
        yield return new TestCaseData(Valid with { TimeToLive = TimeSpan.MaxValue }, "prompt.timeToLiveSeconds").SetName("Beyond what seconds in an int hold");
        yield return new TestCaseData(Valid with { Context = new Dictionary<string, string> { ["k"] = "a\u0000b" } }, "prompt.context").SetName("U+0000 in the context");
    }

    [TestCaseSource(nameof(Broken))]
    public void A_prompt_from_the_bus_that_breaks_a_rule_is_named_by_the_field_an_HTTP_caller_would_see(SmsPrompt prompt, string field) =>
        Assert.That(PromptRules.Problems(prompt).Select(e => e.Field), Is.EqualTo(new[] { field }));
}
