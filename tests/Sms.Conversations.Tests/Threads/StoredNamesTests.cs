using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Tests.Threads;

public sealed class StoredNamesTests
{
    [TestCase(EscalationReason.NoMatchingSession, ExpectedResult = "no_matching_session")]
    [TestCase(EscalationReason.HumanRequested, ExpectedResult = "human_requested")]
    public string Escalation_reasons_are_snake_case(EscalationReason reason) => StoredNames.Of(reason);

    [TestCase(SmsEncoding.Gsm7, ExpectedResult = "gsm7")]
    [TestCase(SmsEncoding.Ucs2, ExpectedResult = "ucs2")]
    public string Encodings_keep_their_digits(SmsEncoding encoding) => StoredNames.Of(encoding);

    [TestCase(SuppressionReason.OptedOut, ExpectedResult = "opted_out")]
    [TestCase(SuppressionReason.NoMarketingConsent, ExpectedResult = "no_marketing_consent")]
    public string Suppression_reasons_are_snake_case(SuppressionReason reason) => StoredNames.Of(reason);

    [TestCase("Automation", ExpectedResult = "automation")]
    [TestCase("Conversational", ExpectedResult = "conversational")]
    [TestCase("SMSCode", ExpectedResult = "smscode")]
    [TestCase("", ExpectedResult = "")]
    public string Single_words_and_acronyms_are_lower_case(string name) => StoredNames.SnakeCase(name);

    [Test]
    public void Every_category_and_origin_is_a_value_the_schema_accepts()
    {
        string[] categories = ["transactional", "marketing", "conversational", "compliance"];
        string[] origins = ["customer", "upstream", "automation", "agent", "compliance"];

        Assert.Multiple(() =>
        {
            Assert.That(Enum.GetValues<SmsCategory>().Select(c => StoredNames.Of(c)), Is.SubsetOf(categories));
            Assert.That(Enum.GetValues<SmsOrigin>().Select(o => StoredNames.Of(o)), Is.SubsetOf(origins));
            Assert.That(Enum.GetValues<SmsEncoding>().Select(e => StoredNames.Of(e)), Is.SubsetOf(new[] { "gsm7", "ucs2" }));
        });
    }
}
