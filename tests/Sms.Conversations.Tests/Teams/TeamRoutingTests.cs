using Sms.Contracts.Routing;
using Sms.Conversations.Extensions;
using Sms.Conversations.Teams;

namespace Sms.Conversations.Tests.Teams;

/// <summary>Which team an escalation goes to, and the rule the inbox shows for it.</summary>
public sealed class TeamRoutingTests
{
    private static readonly TeamDirectory Teams = new(new TeamsOptions
    {
        DefaultTeam = "support",
        Teams =
        [
            new TeamOptions { Name = "billing", Members = ["sam"], Topics = ["billing"], Keywords = ["invoice", "refund", "direct debit"] },
            new TeamOptions { Name = "security", Members = ["alex"], Reasons = ["sensitive_topic"], Topics = ["fraud", "security"] },
            new TeamOptions { Name = "care", Members = ["kim"], Reasons = ["negative_sentiment"], Keywords = ["complaint", "e-mail"] },
            new TeamOptions { Name = "support", Members = ["pat"] },
        ],
    });

    [TestCase(EscalationReason.SensitiveTopic, "billing", null, "billing", "topic billing", TestName = "The Router's topic, before the message is known")]
    [TestCase(EscalationReason.SensitiveTopic, "BILLING", null, "billing", "topic billing", TestName = "A topic in any case")]
    [TestCase(EscalationReason.SensitiveTopic, "fraud", "my invoice was stolen", "billing", "keyword invoice", TestName = "An earlier team's keyword wins over a later team's topic")]
    [TestCase(EscalationReason.SensitiveTopic, "fraud", null, "security", "topic fraud", TestName = "The topic is reported rather than the reason of the same team")]
    [TestCase(EscalationReason.SensitiveTopic, "privacy", null, "security", "reason sensitive_topic", TestName = "A topic no team lists: the reason")]
    [TestCase(EscalationReason.HumanRequested, null, "Where is my REFUND?", "billing", "keyword refund", TestName = "A keyword in any case, next to punctuation")]
    [TestCase(EscalationReason.HumanRequested, null, "I was refunded twice", "support", "default team", TestName = "A keyword inside a longer word does not match")]
    [TestCase(EscalationReason.HumanRequested, null, "prefund", "support", "default team", TestName = "A keyword at the end of a longer word does not match")]
    [TestCase(EscalationReason.HumanRequested, null, "cancel my direct\n  debit please", "billing", "keyword direct debit", TestName = "A phrase across spaces and a line break")]
    [TestCase(EscalationReason.HumanRequested, null, "the e-mail never came", "care", "keyword e-mail", TestName = "A keyword with a hyphen")]
    [TestCase(EscalationReason.HumanRequested, null, "email me", "support", "default team", TestName = "A near spelling does not match")]
    [TestCase(EscalationReason.NegativeSentiment, null, "refund me NOW", "billing", "keyword refund", TestName = "Teams are tried in configuration order")]
    [TestCase(EscalationReason.NegativeSentiment, null, "this is awful", "care", "reason negative_sentiment", TestName = "A reason")]
    [TestCase(EscalationReason.NegativeSentiment, null, null, "care", "reason negative_sentiment", TestName = "A reason without the text")]
    [TestCase(EscalationReason.HumanRequested, null, null, "support", "default team", TestName = "Nothing matches without the text: the default team")]
    [TestCase(EscalationReason.AutomationFailed, "", "", "support", "default team", TestName = "Empty topic and text: the default team")]
    public void Routes_to_the_first_matching_team(EscalationReason reason, string? topic, string? text, string team, string why)
    {
        var route = TeamRouting.Route(Teams, reason, topic, text);
        Assert.Multiple(() =>
        {
            Assert.That(route.Team.Name, Is.EqualTo(team));
            Assert.That(route.Why, Is.EqualTo(why));
        });
    }

    [Test]
    public void The_escalation_event_routes_by_its_reason_and_topic()
    {
        var escalated = new ConversationEscalated
        {
            InboundMessageId = Guid.NewGuid(),
            CustomerNumber = "+447700900123",
            BusinessNumber = "+447700900001",
            Reason = EscalationReason.SensitiveTopic,
            Priority = EscalationPriority.High,
            EscalatedAt = DateTimeOffset.UnixEpoch,
            Topic = "security",
        };
        var route = TeamRouting.Route(Teams, escalated, text: null);
        Assert.That((route.Team.Name, route.Rule, route.Value), Is.EqualTo(("security", RouteRule.Topic, "security")));
    }

    [Test]
    public void With_no_teams_configured_everything_goes_to_support()
    {
        var route = TeamRouting.Route(new TeamDirectory(new TeamsOptions()), EscalationReason.SensitiveTopic, "billing", "refund");
        Assert.Multiple(() =>
        {
            Assert.That(route.Team.Name, Is.EqualTo("support"));
            Assert.That(route.Team.EveryAgent, Is.True);
            Assert.That(route.Rule, Is.EqualTo(RouteRule.Default));
        });
    }

    [Test]
    public void The_default_team_may_be_any_configured_team_and_found_in_any_case()
    {
        var teams = new TeamDirectory(new TeamsOptions
        {
            DefaultTeam = "Care",
            Teams = [new TeamOptions { Name = "billing", Members = ["sam"] }, new TeamOptions { Name = "care", Members = ["kim"] }],
        });
        Assert.That(TeamRouting.Route(teams, EscalationReason.HumanRequested, null, null).Team.Name, Is.EqualTo("care"));
    }

    [Test]
    public void Options_with_a_problem_build_no_directory() =>
        Assert.That(() => new TeamDirectory(new TeamsOptions { DefaultTeam = "nobody" }),
            Throws.ArgumentException.With.Message.Contains("DefaultTeam 'nobody'"));
}
