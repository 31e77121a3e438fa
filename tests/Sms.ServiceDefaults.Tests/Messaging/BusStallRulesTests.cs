using Sms.ServiceDefaults.Messaging.Watchdog;

namespace Sms.ServiceDefaults.Tests.Messaging;

public sealed class BusStallRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly BusWatchdogOptions Options = new() { PublishStallSeconds = 15, QueueStallSeconds = 45 };
    private static readonly DateTimeOffset LongAgo = Now.AddHours(-1);
    private static readonly BrokerProbeResult Answers = new(true, null, new Dictionary<string, QueueDepth>());

    private static BusActivitySnapshot Activity(
        IReadOnlyList<PendingPublish>? pending = null,
        DateTimeOffset? timingOutSince = null,
        Dictionary<string, EndpointActivity>? endpoints = null,
        IReadOnlyList<RunningAttempt>? attempts = null) =>
        new(pending ?? [], timingOutSince, attempts ?? [], endpoints ?? new Dictionary<string, EndpointActivity>());

    private static BrokerProbeResult Queue(string name, uint ready) =>
        new(true, null, new Dictionary<string, QueueDepth> { [name] = new QueueDepth(ready, 1) });

    [Test]
    public void A_publish_pending_past_the_bound_while_the_broker_answers_is_a_stall()
    {
        var verdict = BusStallRules.Evaluate(Now,
            Activity([new PendingPublish("the publishes of a SendSms consumer on compliance-send-sms", Now.AddSeconds(-16))]), Answers, LongAgo, Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Condition, Is.EqualTo(BusCondition.Stalled));
            Assert.That(verdict.Description, Does.Contain("compliance-send-sms").And.Contain("16 s"));
        });
    }

    [Test]
    public void A_publish_pending_within_the_bound_is_work_in_progress()
    {
        var verdict = BusStallRules.Evaluate(Now, Activity([new PendingPublish("a publish", Now.AddSeconds(-14))]), Answers, LongAgo, Options);

        Assert.That(verdict.Condition, Is.EqualTo(BusCondition.Working));
    }

    [Test]
    public void Nothing_is_stalled_while_the_broker_does_not_answer_the_bus_waits_for_it()
    {
        var verdict = BusStallRules.Evaluate(Now,
            Activity([new PendingPublish("a publish", Now.AddMinutes(-10))], Now.AddMinutes(-10)),
            BrokerProbeResult.Unreachable("Connection refused"), LongAgo, Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Condition, Is.EqualTo(BusCondition.BrokerUnreachable));
            Assert.That(verdict.Description, Does.Contain("Connection refused"));
        });
    }

    [Test]
    public void Publishes_that_keep_timing_out_without_a_success_past_the_bound_are_a_stall()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BusStallRules.Evaluate(Now, Activity(timingOutSince: Now.AddSeconds(-20)), Answers, LongAgo, Options).Condition,
                Is.EqualTo(BusCondition.Stalled));
            Assert.That(BusStallRules.Evaluate(Now, Activity(timingOutSince: Now.AddSeconds(-5)), Answers, LongAgo, Options).Condition,
                Is.EqualTo(BusCondition.Working));
        });
    }

    [Test]
    public void Ready_messages_that_reach_no_try_here_past_the_bound_are_a_stall()
    {
        var idle = new Dictionary<string, EndpointActivity> { ["outbound-sms-approved"] = new(Now.AddSeconds(-50)) };

        var verdict = BusStallRules.Evaluate(Now, Activity(endpoints: idle), Queue("outbound-sms-approved", 120), LongAgo, Options);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Condition, Is.EqualTo(BusCondition.Stalled));
            Assert.That(verdict.Description, Does.Contain("outbound-sms-approved holds 120 ready messages"));
        });
    }

    [TestCase(0u, 50, 0, TestName = "An empty queue")]
    [TestCase(120u, 30, 0, TestName = "A try started within the bound")]
    [TestCase(120u, 50, 3, TestName = "Tries in progress (waiting out an outage or a slow carrier)")]
    public void A_queue_is_not_stalled_when(uint ready, int secondsSinceLastTry, int inProgress)
    {
        var endpoints = new Dictionary<string, EndpointActivity> { ["q"] = new(Now.AddSeconds(-secondsSinceLastTry)) };
        var running = Enumerable.Range(0, inProgress).Select(_ => new RunningAttempt("q", Now.AddSeconds(-50))).ToList();

        var verdict = BusStallRules.Evaluate(Now, Activity(endpoints: endpoints, attempts: running), Queue("q", ready), LongAgo, Options);

        Assert.That(verdict.Condition, Is.EqualTo(BusCondition.Working));
    }

    [Test]
    public void Only_the_time_since_the_broker_answers_again_counts()
    {
        var pendingSinceTheOutage = Activity([new PendingPublish("a publish", Now.AddMinutes(-5))], Now.AddMinutes(-5),
            new Dictionary<string, EndpointActivity> { ["q"] = new(Now.AddMinutes(-5)) });

        Assert.Multiple(() =>
        {
            Assert.That(BusStallRules.Evaluate(Now, pendingSinceTheOutage, Queue("q", 10), Now.AddSeconds(-10), Options).Condition,
                Is.EqualTo(BusCondition.Working), "back for 10 s: the bus is still reconnecting");
            Assert.That(BusStallRules.Evaluate(Now, pendingSinceTheOutage, Queue("q", 10), Now.AddSeconds(-16), Options).Description,
                Does.Contain("16 s of them while the broker answered"));
        });
    }

    [Test]
    public void A_try_running_past_its_bound_is_a_stall_though_nothing_tracked_as_a_publish_is_pending()
    {
        var slow = new RunningAttempt("compliance-send-sms", Now.AddSeconds(-90));
        var stuck = new RunningAttempt("compliance-send-sms", Now.AddSeconds(-121));

        Assert.Multiple(() =>
        {
            Assert.That(BusStallRules.Evaluate(Now, Activity(attempts: [slow]), Answers, LongAgo, Options).Condition, Is.EqualTo(BusCondition.Working));
            Assert.That(BusStallRules.Evaluate(Now, Activity(attempts: [slow, stuck]), Answers, LongAgo, Options).Description,
                Does.Contain("a try of a message on compliance-send-sms has been in progress for 121 s"));
        });
    }

    [Test]
    public void A_queue_of_another_service_is_not_judged()
    {
        var verdict = BusStallRules.Evaluate(Now, Activity(), Queue("router-inbound-sms-accepted", 500), LongAgo, Options);

        Assert.That(verdict.Condition, Is.EqualTo(BusCondition.Working));
    }
}
