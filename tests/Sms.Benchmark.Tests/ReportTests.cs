using Sms.Benchmark.Load;
using Sms.Benchmark.Measure;
using Sms.Benchmark.Platform;
using Sms.Benchmark.Report;
using Sms.Carriers.Vonage;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Benchmark.Tests;

public sealed class ReportTests
{
    [Test]
    public void Shows_percentiles_in_milliseconds_with_one_decimal()
    {
        var histogram = new HdrHistogram.LongHistogram(3_600_000_000, 3);
        for (var v = 1; v <= 1000; v++) histogram.RecordValue(v * 100); // 0.1 ms … 100 ms
        var summary = LatencySummary.From(histogram);
        Assert.Multiple(() =>
        {
            Assert.That(summary.Count, Is.EqualTo(1000));
            Assert.That(summary.P50, Is.EqualTo(50.0).Within(0.1));
            Assert.That(summary.P99, Is.EqualTo(99.0).Within(0.1));
            Assert.That(ResultTable.Percentiles(summary), Is.EqualTo("50.0 / 99.0 / 99.9"));
            Assert.That(ResultTable.Percentiles(LatencySummary.From(new HdrHistogram.LongHistogram(1000, 3))), Is.EqualTo("-"));
        });
    }

    [Test]
    public void Renders_columns_padded_to_the_widest_cell()
    {
        var table = ResultTable.Render([["step", "rate"], ["conversation 1000/s", "1000"], ["floor", "5"]]);
        Assert.That(table.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "step                 rate",
            "conversation 1000/s  1000",
            "floor                   5",
        }));
    }

    [Test]
    public void A_signed_webhook_passes_the_platforms_signature_check()
    {
        var signing = new WebhookSigning("secret", VonageSignatureMethod.Sha256, "key1");
        var parameters = VonageWebhookPoster.SignedParameters("+99980000000001", "+15550100000", "abc123", "YES", "n1", signing, DateTimeOffset.UnixEpoch.AddDays(20000));
        Assert.Multiple(() =>
        {
            Assert.That(VonageSignature.Matches(parameters, "secret", VonageSignatureMethod.Sha256), Is.True);
            Assert.That(parameters["msisdn"], Is.EqualTo("99980000000001"));
            Assert.That(parameters["messageId"], Is.EqualTo("abc123"));
        });
    }

    [Test]
    public void Expects_the_auto_response_under_the_id_the_platform_derives_from_the_reply()
    {
        var expected = MessageIds.Derive(MessageIds.FromProvider("vonage", "abc123"), "auto-response");
        Assert.That(Workloads.AutoResponseClientRef("abc123"), Is.EqualTo(expected.ToString("D")));
    }

    [TestCase(1000, 1000, 1)]
    [TestCase(1000, 300, 4)]
    [TestCase(1, 5, 1)]
    public void Gives_each_customer_enough_prompts(int conversations, int customers, int expected) =>
        Assert.That(Customers.PromptsPerCustomer(conversations, customers), Is.EqualTo(expected));
}
