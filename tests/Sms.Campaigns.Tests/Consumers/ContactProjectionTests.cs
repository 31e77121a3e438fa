using System.Globalization;
using Sms.Campaigns.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Conversations;
using Sms.Contracts.Inbound;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Consumers;

/// <summary>
/// The contact projection built from other services' events, on the harness and the real database: whichever event
/// names a number first creates its row (placed by its number), each part keeps its newest, and an event delivered again
/// or after a newer one changes nothing.
/// </summary>
public sealed class ContactProjectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private ConsumerHarness _bus = null!;
    private string _number = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _bus = await CampaignsHarness.StartAsync();
        _number = TestNumbers.Unique();
    }

    [TearDown]
    public async Task StopAsync() => await _bus.DisposeAsync();

    [Test]
    public async Task An_older_snapshot_after_a_newer_one_changes_nothing()
    {
        await _bus.PublishAsync(Snapshot(5, "Ada", ["vip"], 40));
        await _bus.PublishAsync(Snapshot(3, "Old name", ["old"], 1));
        await _bus.PublishAsync(Snapshot(5, "Ada again", ["redelivered"], 2));

        var contact = await ContactAsync();
        Assert.Multiple(() =>
        {
            Assert.That((contact.Name, contact.Score, contact.ProfileVersion), Is.EqualTo(("Ada", 40, 5L)));
            Assert.That(contact.Labels, Is.EqualTo(new[] { "vip" }));
            Assert.That(contact.Attributes, Does.Contain("\"tier\": \"gold\""));
        });
    }

    [Test]
    public async Task A_newer_snapshot_replaces_the_whole_profile()
    {
        await _bus.PublishAsync(Snapshot(5, "Ada", ["vip", "sale"], 40));
        await _bus.PublishAsync(Snapshot(9, null, [], 0) with { Attributes = new Dictionary<string, string>() });

        var contact = await ContactAsync();
        Assert.That((contact.Name, contact.Labels.Length, contact.Score, contact.Attributes, contact.ProfileVersion),
            Is.EqualTo(((string?)null, 0, 0, "{}", 9L)));
    }

    [Test]
    public async Task Consent_is_kept_per_scope_and_purpose()
    {
        await _bus.PublishAsync(OptIn("acme", T0, [ConsentPurpose.Marketing]));
        await _bus.PublishAsync(OptOut("globex", T0.AddSeconds(1), purposes: null));

        Assert.That(await ConsentsAsync(), Is.EqualTo(new[]
        {
            "acme marketing opted_in", "globex informational opted_out", "globex marketing opted_out",
        }), "an opt-in names its purpose; an opt-out that names none is of every purpose");
    }

    [Test]
    public async Task An_opt_out_after_an_opt_in_wins_and_the_opt_in_arriving_again_changes_nothing()
    {
        await _bus.PublishAsync(OptIn("acme", T0, [ConsentPurpose.Marketing, ConsentPurpose.Informational]));
        await _bus.PublishAsync(OptOut("acme", T0.AddMinutes(1), [ConsentPurpose.Marketing]));
        await _bus.PublishAsync(OptIn("acme", T0, [ConsentPurpose.Marketing, ConsentPurpose.Informational]));

        Assert.That(await ConsentsAsync(), Is.EqualTo(new[] { "acme informational opted_in", "acme marketing opted_out" }));
    }

    [Test]
    public async Task The_owner_of_each_conversation_is_its_highest_version_and_people_own_the_contact_while_they_own_one()
    {
        var shop = Guid.NewGuid();
        var clinic = Guid.NewGuid();
        await _bus.PublishAsync(Owner(shop, 2, ConversationOwner.People));
        await _bus.PublishAsync(Owner(shop, 1, ConversationOwner.Automation));
        var afterLateChange = (await ContactAsync()).OwnedByPeople;

        // Versions count per conversation: another conversation's version 1 is no older than the shop's 2.
        await _bus.PublishAsync(Owner(clinic, 1, ConversationOwner.Automation));
        var withTwoConversations = (await ContactAsync()).OwnedByPeople;

        await _bus.PublishAsync(Owner(shop, 3, ConversationOwner.Automation));
        var afterResolve = (await ContactAsync()).OwnedByPeople;

        Assert.That((afterLateChange, withTwoConversations, afterResolve), Is.EqualTo((true, true, false)));
    }

    [Test]
    public async Task The_contact_time_zone_is_the_newest_set_and_a_clear_removes_it()
    {
        await _bus.PublishAsync(new ContactTimeZoneChanged { Number = _number, TimeZone = "America/Denver", ChangedAt = T0.AddMinutes(1) });
        await _bus.PublishAsync(new ContactTimeZoneChanged { Number = _number, TimeZone = "Asia/Tokyo", ChangedAt = T0 });
        var afterLateChange = (await ContactAsync()).TimeZone;

        await _bus.PublishAsync(new ContactTimeZoneChanged { Number = _number, TimeZone = null, ChangedAt = T0.AddMinutes(2) });

        Assert.That((afterLateChange, (await ContactAsync()).TimeZone), Is.EqualTo(("America/Denver", (string?)null)));
    }

    [Test]
    public async Task The_last_reply_is_the_latest_message_whatever_the_order()
    {
        await _bus.PublishAsync(Inbound(_number, T0.AddMinutes(5)));
        await _bus.PublishAsync(Inbound(_number, T0));

        Assert.That((await ContactAsync()).LastInboundAt, Is.EqualTo(T0.AddMinutes(5).UtcDateTime));
    }

    [Test]
    public async Task Messages_of_one_number_in_one_batch_keep_the_latest()
    {
        var projection = _bus.Contacts;
        var changed = await projection.RecordInboundAsync(
            [(_number, T0.AddMinutes(1)), (_number, T0.AddMinutes(3)), (_number, T0.AddMinutes(2))], CancellationToken.None);

        Assert.That((changed, (await ContactAsync()).LastInboundAt), Is.EqualTo((1, T0.AddMinutes(3).UtcDateTime)));
    }

    [TestCase("+1312", 7, "US", "America/Chicago")]
    [TestCase("+447400", 6, "GB", "Europe/London")]
    public async Task A_new_contact_is_placed_by_its_number(string prefix, int digits, string country, string zone)
    {
        var number = prefix + Random.Shared.Next((int)Math.Pow(10, digits - 1) * 2, (int)Math.Pow(10, digits)).ToString(CultureInfo.InvariantCulture);
        await _bus.PublishAsync(Inbound(number, T0));

        var contact = await ContactAsync(number);
        Assert.That((contact.Country, contact.PrefixTimeZone), Is.EqualTo((country, zone)));
    }

    [Test]
    public async Task A_number_no_region_has_is_placed_nowhere()
    {
        await _bus.PublishAsync(Snapshot(1, "Ada", [], 0));

        var contact = await ContactAsync();
        Assert.That((contact.Country, contact.PrefixTimeZone), Is.EqualTo(((string?)null, (string?)null)));
    }

    private ContactChanged Snapshot(long version, string? name, string[] labels, int score) => new()
    {
        Number = _number,
        Name = name,
        Labels = labels,
        Attributes = new Dictionary<string, string> { ["tier"] = "gold" },
        EngagementScore = score,
        Version = version,
        ChangedAt = T0.AddSeconds(version),
    };

    private OptInRecorded OptIn(string scope, DateTimeOffset at, IReadOnlyList<ConsentPurpose>? purposes) => new()
    {
        Number = _number, Scope = scope, Source = ConsentSource.Keyword, Rule = "keyword:START", RecordedAt = at, Purposes = purposes,
    };

    private OptOutRecorded OptOut(string scope, DateTimeOffset at, IReadOnlyList<ConsentPurpose>? purposes) => new()
    {
        Number = _number, Scope = scope, Source = ConsentSource.Keyword, Rule = "keyword:STOP", RecordedAt = at, Purposes = purposes,
    };

    private ConversationOwnerChanged Owner(Guid conversationId, long version, ConversationOwner owner) => new()
    {
        ConversationId = conversationId,
        CustomerNumber = _number,
        BusinessNumber = "+15005550006",
        Owner = owner,
        Reason = owner == ConversationOwner.People ? OwnerChangeReason.Escalated : OwnerChangeReason.Resolved,
        Version = version,
        ChangedAt = T0.AddSeconds(version),
    };

    private static InboundSmsReceived Inbound(string from, DateTimeOffset at) => new()
    {
        MessageId = Guid.NewGuid(),
        Provider = "vonage",
        ProviderMessageId = Guid.NewGuid().ToString("N"),
        From = from,
        To = "+15005550006",
        Text = "hello",
        ReceivedAt = at,
    };

    private async Task<ContactRow> ContactAsync(string? number = null) =>
        (await _bus.QueryAsync<ContactRow>("""
            SELECT name AS Name, labels AS Labels, attributes::text AS Attributes, engagement_score AS Score,
                   profile_version AS ProfileVersion, time_zone AS TimeZone, prefix_time_zone AS PrefixTimeZone,
                   country AS Country, last_inbound_at AS LastInboundAt, owned_by_people AS OwnedByPeople
            FROM campaigns.contacts WHERE number = @Number
            """, new { Number = number ?? _number })).Single();

    private async Task<IReadOnlyList<string>> ConsentsAsync() =>
        await _bus.QueryAsync<string>(
            "SELECT scope || ' ' || purpose || ' ' || state FROM campaigns.contact_consents WHERE number = @Number ORDER BY 1",
            new { Number = _number });

    /// <summary>A row of the projection, as the columns read above name it.</summary>
    private sealed class ContactRow
    {
        public string? Name { get; init; }
        public string[] Labels { get; init; } = [];
        public string Attributes { get; init; } = "";
        public int Score { get; init; }
        public long ProfileVersion { get; init; }
        public string? TimeZone { get; init; }
        public string? PrefixTimeZone { get; init; }
        public string? Country { get; init; }
        public DateTime? LastInboundAt { get; init; }
        public bool OwnedByPeople { get; init; }
    }
}
