using Sms.Contracts.Conversations;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Consumers;

/// <summary>
/// Every change to a contact's name, labels, attributes or score is announced as a whole <see cref="ContactChanged"/>
/// through the outbox, with a higher version than the one before; a contact written without a change announces
/// nothing; <see cref="ContactsRequested"/> publishes every contact as it is.
/// </summary>
public sealed class ContactChangedTests : ConsumerTest
{
    [Test]
    public async Task An_attribute_change_from_the_api_is_announced_whole_with_a_higher_version()
    {
        await Bus.Actions.UpdateContactAsync(Events.Customer, "Ada", """{"tier":"gold","visits":3,"gone":null}""", CancellationToken.None);
        await Bus.Actions.UpdateContactAsync(Events.Customer, null, """{"tier":"silver"}""", CancellationToken.None);

        var announced = await AnnouncedAsync(Events.Customer);
        Assert.That(announced, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(announced[0].Name, Is.EqualTo("Ada"));
            Assert.That(announced[0].Attributes, Is.EquivalentTo(new Dictionary<string, string> { ["tier"] = "gold", ["visits"] = "3" }),
                "a number is its text on the bus; a null is left out");
            Assert.That(announced[1].Name, Is.EqualTo("Ada"), "a snapshot, not a difference");
            Assert.That(announced[1].Attributes, Is.EquivalentTo(new Dictionary<string, string> { ["tier"] = "silver" }));
            Assert.That(announced[1].Version, Is.GreaterThan(announced[0].Version));
        });
    }

    [Test]
    public async Task A_label_change_from_automation_is_announced_with_a_higher_version()
    {
        await Bus.PublishAsync(ProfileChange(["vip"], 0));
        await Bus.PublishAsync(ProfileChange(["vip", "sale"], 0));

        var announced = await AnnouncedAsync(Events.Customer);
        Assert.That(announced, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(announced[0].Labels, Is.EqualTo(new[] { "vip" }));
            Assert.That(announced[1].Labels, Is.EqualTo(new[] { "sale", "vip" }));
            Assert.That(announced[1].Version, Is.GreaterThan(announced[0].Version));
        });
    }

    [Test]
    public async Task Engagement_points_from_automation_are_announced_with_a_higher_version()
    {
        await Bus.Actions.UpdateContactAsync(Events.Customer, "Ada", null, CancellationToken.None);
        await Bus.PublishAsync(ProfileChange([], 5));
        await Bus.PublishAsync(ProfileChange([], 2));

        var announced = await AnnouncedAsync(Events.Customer);
        Assert.That(announced.Select(c => (c.Name, c.EngagementScore)), Is.EqualTo(new[] { ("Ada", 0), ("Ada", 5), ("Ada", 7) }));
        Assert.That(announced.Select(c => c.Version), Is.Ordered.Ascending.And.Unique);
    }

    [Test]
    public async Task A_write_that_changes_nothing_announced_announces_nothing()
    {
        await Bus.Actions.UpdateContactAsync(Events.Customer, "Ada", """{"tier":"gold"}""", CancellationToken.None);
        var version = (await AnnouncedAsync(Events.Customer)).Single().Version;

        await Bus.Actions.UpdateContactAsync(Events.Customer, "Ada", """{"tier":"gold"}""", CancellationToken.None);
        await Bus.PublishAsync(ProfileChange([], 0));
        await Bus.PublishAsync(Events.OptOut("acme", DateTimeOffset.UtcNow));

        var versions = await Bus.QueryAsync<long>("SELECT version FROM conversations.contacts WHERE number = @Number", new { Number = Events.Customer });
        var announced = await AnnouncedAsync(Events.Customer);
        Assert.Multiple(() =>
        {
            Assert.That(announced, Has.Count.EqualTo(1), "the same values, no points, a consent change");
            Assert.That(versions.Single(), Is.EqualTo(version));
        });
    }

    [Test]
    public async Task Contacts_requested_publishes_every_contact_as_it_is()
    {
        var numbers = new[] { TestNumbers.Unique(), TestNumbers.Unique(), TestNumbers.Unique() };
        foreach (var number in numbers)
            await Bus.Actions.UpdateContactAsync(number, "Ada", """{"tier":"gold"}""", CancellationToken.None);
        // A contact with nothing announced yet (created by a first message) is published too.
        await Bus.ExecuteAsync("INSERT INTO conversations.contacts (number) VALUES (@Number)", new { Number = Events.Customer });
        var expected = numbers.Append(Events.Customer).ToDictionary(n => n, n => 0L);
        foreach (var number in expected.Keys)
            expected[number] = (await Bus.QueryAsync<long>("SELECT version FROM conversations.contacts WHERE number = @Number", new { Number = number })).Single();

        await Bus.PublishAsync(new ContactsRequested { RequestedBy = "campaigns", RequestedAt = DateTimeOffset.UtcNow });

        var published = await Bus.PublishedAsync<ContactChanged>(c => expected.ContainsKey(c.Number));
        Assert.Multiple(() =>
        {
            Assert.That(published.ToDictionary(c => c.Number, c => c.Version), Is.EquivalentTo(expected));
            Assert.That(published.Where(c => c.Number != Events.Customer).Select(c => c.Attributes["tier"]), Is.All.EqualTo("gold"));
        });
    }

    private ContactProfileChanged ProfileChange(IReadOnlyList<string> labels, int points) => new()
    {
        ChangeId = Guid.NewGuid(),
        CustomerNumber = Events.Customer,
        BusinessNumber = Events.Business,
        AddLabels = labels,
        EngagementPoints = points,
        ChangedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>The contact's changes in the outbox, oldest first, read as the publisher reads them.</summary>
    private async Task<IReadOnlyList<ContactChanged>> AnnouncedAsync(string number) =>
        (await Bus.QueryAsync<string>("""
            SELECT payload::text FROM conversations.outbox
            WHERE message_type = 'ContactChanged' AND payload->>'number' = @Number ORDER BY id
            """, new { Number = number }))
        .Select(p => (ContactChanged)Outbox.Read(nameof(ContactChanged), p)).ToList();
}
