using Dapper;
using Npgsql;
using Sms.Campaigns.Audience;
using Sms.Campaigns.Tests.Support;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Audience;

/// <summary>Each condition of a segment, run against the real projection tables: who it selects, and who it does not.</summary>
public sealed class SegmentSqlTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource _db = null!;
    private readonly Dictionary<string, string> _numbers = [];

    [SetUp]
    public async Task ConnectAsync()
    {
        _db = await CampaignsDatabase.GetAsync();
        _numbers.Clear();
    }

    /// <summary>A contact of this test, known by a short name in the assertions.</summary>
    private async Task ContactAsync(
        string name, string[]? labels = null, int score = 0, string? timeZone = null, string? country = null,
        DateTimeOffset? lastInboundAt = null, bool ownedByPeople = false, string attributes = "{}")
    {
        var number = TestNumbers.Unique();
        _numbers[number] = name;
        await _db.AddContactAsync(number, labels, score, timeZone, country, lastInboundAt, ownedByPeople, attributes);
    }

    private async Task<string[]> SelectAsync(SegmentDefinition segment, Func<Guid, SegmentDefinition?>? saved = null)
    {
        var (where, parameters) = SegmentSql.Build(segment, saved ?? (_ => null), "default", Now);
        parameters.Add("Mine", _numbers.Keys.ToArray());
        await using var connection = await _db.OpenConnectionAsync();
        var numbers = await connection.QueryAsync<string>($"SELECT c.number FROM campaigns.contacts c WHERE {where} AND c.number = ANY(@Mine)", parameters);
        return numbers.Select(n => _numbers[n]).Order(StringComparer.Ordinal).ToArray();
    }

    [Test]
    public async Task Labels_all_any_and_none()
    {
        await ContactAsync("vip-shoes", ["vip", "shoes"]);
        await ContactAsync("vip", ["vip"]);
        await ContactAsync("shoes", ["shoes"]);
        await ContactAsync("none");

        Assert.Multiple(async () =>
        {
            Assert.That(await SelectAsync(new() { LabelsAll = ["vip", "shoes"] }), Is.EqualTo(new[] { "vip-shoes" }));
            Assert.That(await SelectAsync(new() { LabelsAny = ["vip", "shoes"] }), Is.EqualTo(new[] { "shoes", "vip", "vip-shoes" }));
            Assert.That(await SelectAsync(new() { LabelsNone = ["vip"] }), Is.EqualTo(new[] { "none", "shoes" }));
            Assert.That(await SelectAsync(new()), Has.Length.EqualTo(4), "an empty segment is everyone");
        });
    }

    [Test]
    public async Task Engagement_range_and_attributes_ignoring_case()
    {
        await ContactAsync("cold", score: 5, attributes: """{"tier":"Gold","city":"Leeds"}""");
        await ContactAsync("warm", score: 40, attributes: """{"tier":"silver"}""");
        await ContactAsync("hot", score: 90);

        Assert.Multiple(async () =>
        {
            Assert.That(await SelectAsync(new() { EngagementMin = 10, EngagementMax = 90 }), Is.EqualTo(new[] { "hot", "warm" }));
            Assert.That(await SelectAsync(new() { Attributes = [new() { Name = "tier", Value = "gold" }] }), Is.EqualTo(new[] { "cold" }));
            Assert.That(await SelectAsync(new() { Attributes = [new() { Name = "tier", Operator = AttributeOperator.NotEquals, Value = "gold" }] }),
                Is.EqualTo(new[] { "hot", "warm" }), "a contact without the attribute is not equal to it");
            Assert.That(await SelectAsync(new() { Attributes = [new() { Name = "city", Operator = AttributeOperator.Contains, Value = "EED" }] }),
                Is.EqualTo(new[] { "cold" }));
            Assert.That(await SelectAsync(new() { Attributes = [new() { Name = "tier", Operator = AttributeOperator.Missing }] }),
                Is.EqualTo(new[] { "hot" }));
        });
    }

    [Test]
    public async Task Country_time_zone_last_reply_and_people_owned_conversations()
    {
        await ContactAsync("us-chicago", country: "US", timeZone: "America/Chicago", lastInboundAt: Now.AddDays(-2));
        await ContactAsync("gb", country: "GB", timeZone: "Europe/London", lastInboundAt: Now.AddDays(-40));
        await ContactAsync("us-silent-agent", country: "US", ownedByPeople: true);

        Assert.Multiple(async () =>
        {
            Assert.That(await SelectAsync(new() { Countries = ["us"] }), Is.EqualTo(new[] { "us-chicago", "us-silent-agent" }));
            Assert.That(await SelectAsync(new() { TimeZones = ["Europe/London"] }), Is.EqualTo(new[] { "gb" }));
            Assert.That(await SelectAsync(new() { LastReplyAfter = Now.AddDays(-7) }), Is.EqualTo(new[] { "us-chicago" }));
            Assert.That(await SelectAsync(new() { LastReplyBefore = Now.AddDays(-30) }), Is.EqualTo(new[] { "gb", "us-silent-agent" }),
                "never replied counts as before");
            Assert.That(await SelectAsync(new() { ExcludeOwnedByPeople = true }), Is.EqualTo(new[] { "gb", "us-chicago" }));
        });
    }

    [Test]
    public async Task Another_segment_excludes_its_contacts_and_an_unknown_one_is_an_error()
    {
        await ContactAsync("vip", ["vip"]);
        await ContactAsync("lapsed", ["lapsed"]);
        var vips = Guid.NewGuid();
        var saved = new Dictionary<Guid, SegmentDefinition> { [vips] = new() { LabelsAll = ["vip"] } };

        Assert.That(await SelectAsync(new() { ExcludeSegments = [vips] }, id => saved.GetValueOrDefault(id)), Is.EqualTo(new[] { "lapsed" }));
        Assert.That(() => SegmentSql.Build(new() { ExcludeSegments = [Guid.NewGuid()] }, _ => null, "default", Now),
            Throws.TypeOf<SegmentException>().With.Message.Contains("does not exist"));
    }
}
