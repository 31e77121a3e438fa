using MassTransit;
using MassTransit.Testing;
using Sms.Compliance.Consent;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Support;

/// <summary>
/// A fresh harness of the compliance consumers for every test (<see cref="ComplianceHarness"/>), configured as the
/// class says (<see cref="HarnessOptions"/>), with every publish recorded (<see cref="Published"/>), the logs captured
/// and a customer number of the test's own.
/// </summary>
public abstract class ComplianceConsumerFixture : ComplianceDatabaseFixture
{
    private IDisposable _observer = null!;

    protected ConsumerHarness Compliance { get; private set; } = null!;

    /// <summary>MassTransit's harness: what was published and consumed.</summary>
    protected ITestHarness Harness => Compliance.Bus;

    /// <summary>Every publish, duplicates included (the harness keeps one per message id).</summary>
    protected PublishRecorder Published { get; private set; } = null!;

    protected CapturedLogs Logs { get; private set; } = null!;

    /// <summary>The customer's number, new for each test.</summary>
    protected string Customer { get; private set; } = null!;

    /// <summary>How this class's harness differs from the usual one; called once per test, before the harness starts.</summary>
    protected virtual ConsumerHarnessOptions HarnessOptions() => new();

    [SetUp]
    public async Task StartHarnessAsync()
    {
        Logs = new CapturedLogs();
        Compliance = await ComplianceHarness.StartAsync(DataSource, HarnessOptions() with { Logs = Logs });
        Published = new PublishRecorder();
        _observer = Harness.Bus.ConnectPublishObserver(Published);
        Customer = TestNumbers.Unique();
    }

    [TearDown]
    public async Task StopHarnessAsync()
    {
        _observer.Dispose();
        await Compliance.DisposeAsync();
        Logs.Dispose();
    }

    /// <summary>The first message of <typeparamref name="T"/> published that matches; fails the test when none is (the harness's wait).</summary>
    protected async Task<T> SinglePublishedAsync<T>(Func<T, bool> match) where T : class
    {
        Assert.That(await Harness.Published.Any<T>(m => match(m.Context.Message)), Is.True, $"{typeof(T).Name} published");
        return Harness.Published.Select<T>(m => match(m.Context.Message)).First().Context.Message;
    }

    /// <summary>
    /// Waits (10 s at most) until <paramref name="count"/> deliveries of a matching message were consumed: a redelivery
    /// counts again, which the harness's own waits do not.
    /// </summary>
    protected async Task WaitForConsumedAsync<T>(Func<T, bool> match, int count) where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Harness.Consumed.Select<T>(m => match(m.Context.Message)).Count() < count)
            await Task.Delay(20, timeout.Token);
    }

    /// <summary>
    /// Publishes a send and returns how Compliance decided it: the <see cref="SmsApproved"/>, <see cref="SmsSuppressed"/>
    /// or <see cref="SmsDeferred"/> published for it; fails the test when none is within 10 s.
    /// </summary>
    protected async Task<object> DecisionOfAsync(SendSms send)
    {
        await Harness.Bus.Publish(send);
        var id = send.MessageId;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (Harness.Published.Select<SmsApproved>(m => m.Context.Message.Request.MessageId == id).FirstOrDefault() is { } approved) return approved.Context.Message;
            if (Harness.Published.Select<SmsSuppressed>(m => m.Context.Message.Request.MessageId == id).FirstOrDefault() is { } suppressed) return suppressed.Context.Message;
            if (Harness.Published.Select<SmsDeferred>(m => m.Context.Message.Request.MessageId == id).FirstOrDefault() is { } deferred) return deferred.Context.Message;
            await Task.Delay(20);
        }
        Assert.Fail($"send {id} was not decided within 10 s");
        return null!;
    }

    /// <summary>The customer's ledger events in a scope, oldest first.</summary>
    protected Task<IReadOnlyList<ConsentEvent>> HistoryAsync(string scope = ComplianceHarness.Scope) => HistoryOfAsync(Customer, scope);
}
