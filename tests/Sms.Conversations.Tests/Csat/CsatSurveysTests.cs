using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Csat;
using Sms.Conversations.Extensions;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Csat;

/// <summary>The survey's decisions, without a bus or a database; and <c>Inbox:Csat</c> checked at start.</summary>
public sealed class CsatSurveysTests
{
    private static readonly Guid ConversationId = Guid.Parse("6f0c1e4a-93c2-4d55-a1e3-7d2b9f7c0a11");

    private static Resolution Resolved(long seq = 7, string? agent = "sam", Guid? conversationId = null) =>
        new(conversationId ?? ConversationId, "+447700900001", "+447700900999", seq, agent);

    private static ReplyClassified Reply(string sessionType, string action, string? conversationId = "6f0c1e4a-93c2-4d55-a1e3-7d2b9f7c0a11", string? agent = "sam")
    {
        var context = new Dictionary<string, string>();
        if (conversationId is not null)
            context[CsatSurveys.ConversationKey] = conversationId;
        if (agent is not null)
            context[CsatSurveys.AgentKey] = agent;
        return new ReplyClassified
        {
            InboundMessageId = Guid.NewGuid(),
            CustomerNumber = "+447700900001",
            BusinessNumber = "+447700900999",
            PromptMessageId = Guid.NewGuid(),
            SessionType = sessionType,
            MatchedOption = "5",
            Action = action,
            Context = context,
            ClassifiedAt = DateTimeOffset.Parse("2026-12-06T10:00:00Z"),
        };
    }

    [Test]
    public void The_survey_asks_1_to_5_from_the_business_number_as_automation_about_the_conversation_and_its_agent()
    {
        var options = new CsatOptions { Enabled = true, Text = "Rate us 1-5", SessionTtl = TimeSpan.FromHours(6) };
        var at = DateTimeOffset.Parse("2026-12-06T09:00:00Z");

        var survey = CsatSurveys.Survey(options, Resolved(), at);

        Assert.Multiple(() =>
        {
            Assert.That(survey.Text, Is.EqualTo("Rate us 1-5"));
            Assert.That(survey.To, Is.EqualTo("+447700900001"));
            Assert.That(survey.From, Is.EqualTo("+447700900999"));
            Assert.That(survey.Category, Is.EqualTo(SmsCategory.Conversational));
            Assert.That(survey.Origin, Is.EqualTo(SmsOrigin.Automation));
            Assert.That(survey.RequestedAt, Is.EqualTo(at));
            Assert.That(survey.Prompt!.SessionType, Is.EqualTo("csat"));
            Assert.That(survey.Prompt.ClarifyUnrecognised, Is.False, "a customer who writes about something else is not asked again");
            Assert.That(survey.Prompt.Options, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["1"] = "csat_1", ["2"] = "csat_2", ["3"] = "csat_3", ["4"] = "csat_4", ["5"] = "csat_5",
            }));
            Assert.That(survey.Prompt.TimeToLive, Is.EqualTo(TimeSpan.FromHours(6)));
            Assert.That(survey.Prompt.Context, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["conversationId"] = ConversationId.ToString(), ["agent"] = "sam",
            }));
        });
    }

    [Test]
    public void An_unassigned_resolution_names_no_agent() =>
        Assert.That(CsatSurveys.Survey(new CsatOptions(), Resolved(agent: null), DateTimeOffset.UnixEpoch).Prompt!.Context.Keys,
            Is.EqualTo(new[] { "conversationId" }));

    [Test]
    public void One_resolution_is_one_message_id_and_the_next_resolution_another()
    {
        var options = new CsatOptions { Enabled = true };
        var first = CsatSurveys.Survey(options, Resolved(seq: 7), DateTimeOffset.UnixEpoch).MessageId;
        var retried = CsatSurveys.Survey(options, Resolved(seq: 7), DateTimeOffset.UnixEpoch.AddMinutes(1)).MessageId;
        var next = CsatSurveys.Survey(options, Resolved(seq: 9), DateTimeOffset.UnixEpoch).MessageId;
        var other = CsatSurveys.Survey(options, Resolved(seq: 7, conversationId: Guid.NewGuid()), DateTimeOffset.UnixEpoch).MessageId;
        Assert.Multiple(() =>
        {
            Assert.That(retried, Is.EqualTo(first), "the same resolution");
            Assert.That(next, Is.Not.EqualTo(first), "resolved again after a reopen");
            Assert.That(other, Is.Not.EqualTo(first), "another conversation");
        });
    }

    [TestCase(true, "open", true)]
    [TestCase(true, "waiting_on_agent", true)]
    [TestCase(true, "resolved", false, TestName = "A conversation already resolved (a retried resolve) is not asked again")]
    [TestCase(false, "open", false, TestName = "Disabled: never asks")]
    public void Asks_when_enabled_and_the_resolve_resolved_something(bool enabled, string statusBefore, bool asks) =>
        Assert.That(CsatSurveys.ShouldAsk(new CsatOptions { Enabled = enabled }, statusBefore), Is.EqualTo(asks));

    [TestCase("csat", "csat_1", 1)]
    [TestCase("csat", "csat_3", 3)]
    [TestCase("csat", "csat_5", 5)]
    public void A_reply_to_the_survey_is_its_score(string sessionType, string action, int score)
    {
        var reply = Reply(sessionType, action);

        Assert.That(CsatSurveys.TryReadAnswer(reply, out var answer), Is.True);
        Assert.That(answer, Is.EqualTo(new CsatAnswer(reply.PromptMessageId, ConversationId, score, "sam", reply.InboundMessageId, reply.ClassifiedAt)));
    }

    [TestCase("appointment_reminder", "csat_5", TestName = "Another session type")]
    [TestCase("csat", "csat_0", TestName = "Score 0")]
    [TestCase("csat", "csat_6", TestName = "Score 6")]
    [TestCase("csat", "csat_+5", TestName = "A signed score")]
    [TestCase("csat", "csat_ 5", TestName = "A score with a space")]
    [TestCase("csat", "csat_", TestName = "No score")]
    [TestCase("csat", "confirm", TestName = "Another action")]
    public void Anything_else_is_no_answer(string sessionType, string action) =>
        Assert.That(CsatSurveys.TryReadAnswer(Reply(sessionType, action), out _), Is.False);

    [TestCase(null, TestName = "A context without the conversation")]
    [TestCase("not-a-guid", TestName = "A context naming no conversation id")]
    public void A_survey_reply_that_names_no_conversation_is_no_answer(string? conversationId) =>
        Assert.That(CsatSurveys.TryReadAnswer(Reply("csat", "csat_4", conversationId), out _), Is.False);

    [Test]
    public void An_answer_without_an_agent_has_none()
    {
        Assert.That(CsatSurveys.TryReadAnswer(Reply("csat", "csat_4", agent: null), out var answer), Is.True);
        Assert.That(answer.Agent, Is.Null);
    }

    [TestCase(1, 2, true)]
    [TestCase(2, 2, true)]
    [TestCase(3, 2, false)]
    [TestCase(5, 4, false)]
    [TestCase(4, 4, true)]
    [TestCase(1, 0, false, TestName = "LowScore 0: no score reopens")]
    public void A_score_up_to_LowScore_is_low(int score, int lowScore, bool low) =>
        Assert.That(CsatSurveys.IsLow(new CsatOptions { LowScore = lowScore }, score), Is.EqualTo(low));

    private static IHost Host(Dictionary<string, string?> settings) => ConversationsHost.Build(settings);

    [Test]
    public async Task Unset_it_is_off_with_the_default_text_a_day_to_answer_and_2_or_less_reopening()
    {
        using var host = Host([]);
        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<CsatOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(options.Enabled, Is.False);
            Assert.That(options.Text, Is.EqualTo("How did we do? Reply 1-5 (5 = great)."));
            Assert.That(options.SessionTtl, Is.EqualTo(TimeSpan.FromHours(24)));
            Assert.That(options.LowScore, Is.EqualTo(2));
        });
        await host.StopAsync();
    }

    [TestCase("Inbox:Csat:Text", " ", "Inbox:Csat:Text must not be empty", TestName = "An empty text")]
    [TestCase("Inbox:Csat:SessionTtl", "00:00:00", "Inbox:Csat:SessionTtl must be from 00:01:00 to 30 days", TestName = "No time to answer")]
    [TestCase("Inbox:Csat:SessionTtl", "45.00:00:00", "Inbox:Csat:SessionTtl must be from 00:01:00 to 30 days", TestName = "45 days to answer")]
    [TestCase("Inbox:Csat:LowScore", "5", "Inbox:Csat:LowScore must be from 0 (no score reopens) to 4 (5 given)", TestName = "Every score low")]
    [TestCase("Inbox:Csat:LowScore", "-1", "Inbox:Csat:LowScore must be from 0", TestName = "A negative low score")]
    public void A_wrong_setting_stops_the_start_with_a_message_naming_it(string key, string value, string message)
    {
        using var host = Host(new Dictionary<string, string?> { ["Inbox:Csat:Enabled"] = "true", [key] = value });
        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(failure!.Failures, Has.One.Contains(message));
    }
}
