using Sms.Campaigns.Audience;

namespace Sms.Campaigns.Tests.Audience;

/// <summary>What keeps a segment from being saved or previewed, named by field.</summary>
public sealed class SegmentValidatorTests
{
    private static readonly Dictionary<Guid, SegmentDefinition> None = [];

    private static Dictionary<string, string[]> Validate(SegmentDefinition definition, Guid? id = null, IReadOnlyDictionary<Guid, SegmentDefinition>? saved = null, string? name = "vip") =>
        SegmentValidator.Validate(name, definition, id, saved ?? None, nameRequired: true);

    [Test]
    public void A_null_in_a_list_is_named_by_its_list()
    {
        var errors = Validate(new SegmentDefinition { LabelsAll = [null!], Attributes = [null!] });

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "definition.labelsAll", "definition.attributes" }));
    }

    [Test]
    public void Text_the_database_cannot_hold_is_named_by_its_field_not_left_to_fail_as_a_500()
    {
        var errors = Validate(new SegmentDefinition
        {
            LabelsAny = ["vip", "a\u0000b"],
            Attributes = [new AttributeCondition { Name = "ti\u0000er", Value = "gold" }, new AttributeCondition { Name = "tier", Value = "\u0000" }],
        }, name: "x\u0000");

        Assert.That(errors.Keys, Is.EquivalentTo(new[]
        {
            "name", "definition.labelsAny", "definition.attributes[0].name", "definition.attributes[1].value",
        }));
    }

    [Test]
    public void A_named_segment_with_sound_conditions_is_valid()
    {
        Assert.That(Validate(new()
        {
            LabelsAll = ["vip"], EngagementMin = 10, EngagementMax = 10, TimeZones = ["America/Chicago"], Countries = ["US"],
            Attributes = [new() { Name = "tier", Value = "gold" }, new() { Name = "city", Operator = AttributeOperator.Exists }],
            Consent = new() { Purpose = "marketing" },
        }), Is.Empty);
    }

    [Test]
    public void Each_unsound_condition_is_named()
    {
        var errors = Validate(new()
        {
            EngagementMin = 50, EngagementMax = 10, TimeZones = ["Mars/Olympus"], Countries = ["USA"],
            Attributes = [new() { Name = " ", Operator = AttributeOperator.Contains }], Consent = new() { Purpose = "sales" },
            LastReplyAfter = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), LastReplyBefore = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            ExcludeRecentRecipientsHours = 0,
        }, name: " ");

        Assert.Multiple(() =>
        {
            Assert.That(errors.Keys, Is.EquivalentTo(new[]
            {
                "name", "definition.engagementMin", "definition.lastReplyAfter", "definition.attributes[0].name", "definition.attributes[0].value",
                "definition.consent.purpose", "definition.countries", "definition.timeZones", "definition.excludeRecentRecipientsHours",
            }));
            Assert.That(errors["definition.engagementMin"].Single(), Does.Contain("(50) is above the maximum (10)"));
        });
    }

    [TestCase(0)]
    [TestCase(SegmentValidator.MaxExcludeRecentRecipientsHours + 1)]
    [TestCase(int.MaxValue)]
    public void Recent_recipients_are_excluded_for_one_hour_to_ten_years_and_no_more(int hours) =>
        Assert.That(Validate(new() { ExcludeRecentRecipientsHours = hours }).Keys, Is.EqualTo(new[] { "definition.excludeRecentRecipientsHours" }));

    [Test]
    public void An_excluded_segment_must_exist()
    {
        var unknown = Guid.NewGuid();

        Assert.That(Validate(new() { ExcludeSegments = [unknown] })["definition.excludeSegments"].Single(), Does.Contain(unknown.ToString()).And.Contain("does not exist"));
    }

    [Test]
    public void Exclusions_that_come_back_to_the_segment_are_a_cycle()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        var saved = new Dictionary<Guid, SegmentDefinition>
        {
            [a] = new() { LabelsAll = ["x"] },
            [b] = new() { ExcludeSegments = [c] },
            [c] = new() { ExcludeSegments = [a] },
        };

        Assert.Multiple(() =>
        {
            Assert.That(Validate(new() { ExcludeSegments = [a] }, id: a, saved)["definition.excludeSegments"].Single(), Does.Contain("itself"));
            Assert.That(Validate(new() { ExcludeSegments = [b] }, id: a, saved)["definition.excludeSegments"].Single(),
                Is.EqualTo($"The exclusions go round in a cycle: {a} → {b} → {c} → {a}."));
            Assert.That(Validate(new() { ExcludeSegments = [b] }, id: null, saved), Is.Empty, "a new segment cannot be in a cycle yet");
        });
    }

    [Test]
    public void Exclusions_deeper_than_the_query_follows_are_refused()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid(), d = Guid.NewGuid();
        var saved = new Dictionary<Guid, SegmentDefinition>
        {
            [a] = new() { ExcludeSegments = [b] },
            [b] = new() { ExcludeSegments = [c] },
            [c] = new() { ExcludeSegments = [d] },
            [d] = new(),
        };

        Assert.Multiple(() =>
        {
            Assert.That(Validate(new() { ExcludeSegments = [b] }, saved: saved), Is.Empty);
            Assert.That(Validate(new() { ExcludeSegments = [a] }, saved: saved)["definition.excludeSegments"].Single(), Does.Contain("deep"));
        });
    }

    [Test]
    public void A_list_given_as_null_is_named_rather_than_failing_the_query()
    {
        var definition = System.Text.Json.JsonSerializer.Deserialize<SegmentDefinition>("""{"labelsAll": null, "countries": ["US"]}""",
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;

        Assert.That(Validate(definition).Keys, Is.EqualTo(new[] { "definition.labelsAll" }));
    }
}
