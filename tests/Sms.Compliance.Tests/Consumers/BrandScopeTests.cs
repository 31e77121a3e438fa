using MassTransit.Testing;
using Npgsql;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>Consent per brand across its sending numbers, on the harness with the real ledger and cache.</summary>
public class BrandScopeTests
{
    private const string AcmeReminders = "+447700900610";
    private const string AcmeOffers = "+447700900611";
    private const string GlobexNumber = "+447700900612";
    private const string UnmappedNumber = "+447700900613";

    private NpgsqlDataSource _dataSource = null!;
    private ComplianceHarness _compliance = null!;

    private ITestHarness Harness => _compliance.Harness;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _dataSource = await TestDatabase.GetAsync("compliance", typeof(Program).Assembly);

    [SetUp]
    public async Task StartAsync() => _compliance = await ComplianceHarness.StartAsync(_dataSource, settings: new Dictionary<string, string?>
    {
        ["Compliance:Brands:acme:Numbers:0"] = AcmeReminders,
        ["Compliance:Brands:acme:Numbers:1"] = AcmeOffers,
        ["Compliance:Brands:acme:Keywords:OptOut:0"] = "STOP",
        ["Compliance:Brands:acme:Keywords:OptOut:1"] = "BASTA",
        ["Compliance:Brands:globex:Numbers:0"] = GlobexNumber,
    });

    [Test]
    public async Task A_brand_keyword_opts_out_of_that_brand_and_is_an_ordinary_message_elsewhere()
    {
        var customer = TestNumbers.Unique();
        var toAcme = Inbound(customer, AcmeOffers, "Basta!");
        var toGlobex = Inbound(customer, GlobexNumber, "Basta!");

        await Harness.Bus.Publish(toAcme);
        await Harness.Bus.Publish(toGlobex);

        Assert.That(await Harness.Published.Any<OptOutRecorded>(m => m.Context.Message.InboundMessageId == toAcme.MessageId
            && m.Context.Message.Scope == "acme" && m.Context.Message.Rule == "keyword:BASTA"), Is.True);
        Assert.That(await Harness.Published.Any<InboundSmsAccepted>(m => m.Context.Message.Message.MessageId == toGlobex.MessageId), Is.True);
    }

    private static InboundSmsReceived Inbound(string customer, string to, string text) => new()
    {
        MessageId = Guid.NewGuid(),
        Provider = "vonage",
        ProviderMessageId = Guid.NewGuid().ToString("N"),
        From = customer,
        To = to,
        Text = text,
        ReceivedAt = DateTimeOffset.UtcNow,
    };

    [TearDown]
    public async Task StopAsync() => await _compliance.DisposeAsync();

    [Test]
    public async Task A_STOP_to_one_number_of_a_brand_suppresses_sends_from_every_number_of_the_brand_only()
    {
        var customer = TestNumbers.Unique();
        var stop = new InboundSmsReceived
        {
            MessageId = Guid.NewGuid(),
            Provider = "vonage",
            ProviderMessageId = Guid.NewGuid().ToString("N"),
            From = customer,
            To = AcmeReminders,
            Text = "STOP",
            ReceivedAt = DateTimeOffset.UtcNow,
        };
        await Harness.Bus.Publish(stop);
        Assert.That(await Harness.Published.Any<OptOutRecorded>(m => m.Context.Message.InboundMessageId == stop.MessageId
            && m.Context.Message.Scope == "acme"), Is.True);

        var fromOtherAcmeNumber = Send(customer, AcmeOffers);
        var fromGlobex = Send(customer, GlobexNumber);
        var fromUnmapped = Send(customer, UnmappedNumber);
        await Harness.Bus.Publish(fromOtherAcmeNumber);
        await Harness.Bus.Publish(fromGlobex);
        await Harness.Bus.Publish(fromUnmapped);

        Assert.That(await Harness.Published.Any<SmsSuppressed>(m => m.Context.Message.Request.MessageId == fromOtherAcmeNumber.MessageId
            && m.Context.Message.Reason == SuppressionReason.OptedOut), Is.True, "the opt-out covers every number of the brand");
        Assert.That(await Harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == fromGlobex.MessageId), Is.True,
            "another brand is not covered");
        Assert.That(await Harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == fromUnmapped.MessageId), Is.True,
            "nor the default scope");
    }

    private static SendSms Send(string customer, string from) => new()
    {
        MessageId = Guid.NewGuid(),
        To = customer,
        From = from,
        Text = "Your appointment is tomorrow at 10:00.",
        Category = SmsCategory.Transactional,
    };
}
