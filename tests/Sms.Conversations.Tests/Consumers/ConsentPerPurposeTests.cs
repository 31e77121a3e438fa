using Sms.Contracts.Compliance;
using Sms.Conversations.Consent;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Consumers;

/// <summary>
/// OptOutRecorded and OptInRecorded kept per brand and purpose: a change names its purposes (none: every purpose),
/// brands do not overwrite each other, and the newest change of each brand and purpose wins whatever the order.
/// </summary>
public sealed class ConsentPerPurposeTests : ConsumerTest
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-10);

    [Test]
    public async Task An_event_that_names_no_purposes_changes_both_purposes_of_its_brand()
    {
        await Bus.PublishAsync(Events.OptOut("acme", T0));

        Assert.That(await ConsentsAsync(), Is.EqualTo(new[] { "acme informational opted_out", "acme marketing opted_out" }));
    }

    [Test]
    public async Task A_marketing_opt_out_leaves_informational_messages_as_they_were()
    {
        await Bus.PublishAsync(Events.OptIn("acme", T0));
        await Bus.PublishAsync(Events.OptOut("acme", T0.AddSeconds(5), [ConsentPurpose.Marketing]));

        var contact = await Bus.Queries.GetContactAsync(Events.Customer, CancellationToken.None);
        var informational = contact.Consents.Single(c => c.Purpose == "informational");
        Assert.Multiple(() =>
        {
            Assert.That(Describe(contact), Is.EqualTo(new[] { "acme informational opted_in", "acme marketing opted_out" }));
            Assert.That((informational.Rule, informational.Source), Is.EqualTo(("keyword:START", "keyword")), "untouched by the later opt-out");
            Assert.That(contact.Consents.Single(c => c.Purpose == "marketing").ChangedAt, Is.EqualTo(T0.AddSeconds(5).UtcDateTime).Within(TimeSpan.FromMilliseconds(1)));
        });
    }

    [Test]
    public async Task An_opt_out_of_one_brand_does_not_hide_an_opt_in_to_another()
    {
        await Bus.PublishAsync(Events.OptOut("acme", T0));
        await Bus.PublishAsync(Events.OptIn("globex", T0.AddSeconds(5), [ConsentPurpose.Marketing]) with { Source = ConsentSource.DoubleOptIn });

        var contact = await Bus.Queries.GetContactAsync(Events.Customer, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(Describe(contact), Is.EqualTo(new[]
            {
                "acme informational opted_out", "acme marketing opted_out", "globex marketing opted_in",
            }), "globex's informational purpose has no record");
            Assert.That(contact.Consents.Single(c => c.Scope == "globex").Source, Is.EqualTo("double_opt_in"));
            // The single state of before: the newest change whatever its brand (read by /v1/metrics).
            Assert.That((contact.ConsentState, contact.ConsentScope, contact.ConsentSource), Is.EqualTo(("opted_in", "globex", "double_opt_in")));
        });
    }

    [Test]
    public async Task An_older_change_arriving_late_changes_only_the_purposes_it_is_newest_for()
    {
        await Bus.PublishAsync(Events.OptIn("acme", T0.AddSeconds(10), [ConsentPurpose.Informational]));
        await Bus.PublishAsync(Events.OptOut("acme", T0.AddSeconds(20), [ConsentPurpose.Marketing]));
        // Older than both: it revokes every purpose, but each purpose already holds a newer change.
        await Bus.PublishAsync(Events.OptOut("acme", T0));
        // Older than the marketing opt-out, newer than the informational opt-in: only marketing is older.
        await Bus.PublishAsync(Events.OptIn("acme", T0.AddSeconds(15)));

        Assert.That(await ConsentsAsync(), Is.EqualTo(new[] { "acme informational opted_in", "acme marketing opted_out" }));
        var informational = (await Bus.Queries.GetContactAsync(Events.Customer, CancellationToken.None)).Consents.Single(c => c.Purpose == "informational");
        Assert.That(informational.ChangedAt, Is.EqualTo(T0.AddSeconds(15).UtcDateTime).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task The_same_event_delivered_again_changes_nothing()
    {
        var optOut = Events.OptOut("acme", T0, [ConsentPurpose.Marketing]);

        var first = await Bus.Projection.RecordConsentAsync(ConsentChange.Of(optOut), CancellationToken.None);
        var again = await Bus.Projection.RecordConsentAsync(ConsentChange.Of(optOut), CancellationToken.None);
        await Bus.PublishAsync(optOut);

        var rows = await Bus.QueryAsync<DateTime>(
            "SELECT updated_at FROM conversations.contact_consents WHERE number = @Customer", new { Events.Customer });
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.True);
            Assert.That(again, Is.False);
            Assert.That(rows, Has.Count.EqualTo(1), "marketing alone");
        });
    }

    [Test]
    public async Task An_opt_out_with_its_STOP_message_still_marks_the_message_handled_by_compliance()
    {
        var stop = Events.Inbound("STOP", T0);
        await Bus.PublishAsync(stop);
        await Bus.PublishAsync(Events.OptOut(stop) with { Scope = "acme", Purposes = [ConsentPurpose.Informational, ConsentPurpose.Marketing] });

        var message = (await Bus.Queries.GetThreadAsync(Events.Customer, CancellationToken.None)).Single(m => m.MessageId == stop.MessageId);
        Assert.That(message.HandledBy, Is.EqualTo("compliance"));
        Assert.That(await ConsentsAsync(), Is.EqualTo(new[] { "acme informational opted_out", "acme marketing opted_out" }));
    }

    private async Task<string[]> ConsentsAsync() => Describe(await Bus.Queries.GetContactAsync(Events.Customer, CancellationToken.None));

    private static string[] Describe(ContactRow contact) => [.. contact.Consents.Select(c => $"{c.Scope} {c.Purpose} {c.State}")];
}
