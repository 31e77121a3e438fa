using Sms.Contracts.Compliance;
using Sms.Conversations.Consent;

namespace Sms.Conversations.Tests.Consent;

/// <summary>What a consent event changes in the inbox: its brand, state and purposes (pure).</summary>
public sealed class ConsentChangeTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_change_from_an_older_Compliance_names_no_purposes_and_covers_every_purpose() =>
        Assert.That(ConsentChange.PurposesOf(null), Is.EqualTo(new[] { "informational", "marketing" }));

    [Test]
    public void An_empty_list_of_purposes_is_read_as_every_purpose_so_an_opt_out_is_never_lost() =>
        Assert.That(ConsentChange.PurposesOf([]), Is.EqualTo(new[] { "informational", "marketing" }));

    [TestCase(new[] { ConsentPurpose.Marketing }, new[] { "marketing" })]
    [TestCase(new[] { ConsentPurpose.Informational }, new[] { "informational" })]
    [TestCase(new[] { ConsentPurpose.Marketing, ConsentPurpose.Informational }, new[] { "informational", "marketing" })]
    [TestCase(new[] { ConsentPurpose.Marketing, ConsentPurpose.Marketing }, new[] { "marketing" })]
    public void The_purposes_named_are_stored_each_once(ConsentPurpose[] purposes, string[] stored) =>
        Assert.That(ConsentChange.PurposesOf(purposes), Is.EqualTo(stored));

    [Test]
    public void A_purpose_this_service_does_not_know_is_left_out() =>
        Assert.That(ConsentChange.PurposesOf([ConsentPurpose.Marketing, (ConsentPurpose)7]), Is.EqualTo(new[] { "marketing" }));

    [Test]
    public void An_opt_out_keeps_its_brand_source_rule_and_time()
    {
        var change = ConsentChange.Of(new OptOutRecorded
        {
            Number = "+447700900123", Scope = "acme", Source = ConsentSource.CarrierSignal, Rule = "carrier:deactivation",
            RecordedAt = At, Purposes = [ConsentPurpose.Marketing],
        });

        Assert.That(change, Is.EqualTo(new ConsentChange("+447700900123", "acme", "opted_out", change.Purposes, "carrier_signal", "carrier:deactivation", At)));
        Assert.That(change.Purposes, Is.EqualTo(new[] { "marketing" }));
    }

    [Test]
    public void A_double_opt_in_is_an_opt_in_with_its_source_as_stored()
    {
        var change = ConsentChange.Of(new OptInRecorded
        {
            Number = "+447700900123", Scope = "acme", Source = ConsentSource.DoubleOptIn, Rule = "double-opt-in:Y",
            RecordedAt = At, Purposes = [ConsentPurpose.Marketing],
        });

        Assert.That((change.State, change.Source), Is.EqualTo(("opted_in", "double_opt_in")));
    }
}
