using System.Net;
using Sms.Ingress.Inbound;
using Sms.Ingress.Tests.Support;

namespace Sms.Ingress.Tests.Inbound;

/// <summary>
/// "The same provider message id published once … surviving restarts of Redis": the claims live only as long as Redis
/// keeps them, so the ingress checks at start (and in readiness) that Redis runs with append-only persistence.
/// </summary>
public sealed class RedisPersistenceTests : IngressTest
{
    [TestCase("yes", null, RedisPersistenceVerdict.AppendOnly)]
    [TestCase("YES", null, RedisPersistenceVerdict.AppendOnly)]
    [TestCase("no", null, RedisPersistenceVerdict.NotPersistent)]
    [TestCase("no", "aof_enabled:1\r\n", RedisPersistenceVerdict.NotPersistent, Description = "CONFIG's answer is the setting itself")]
    [TestCase(null, "# Persistence\r\nloading:0\r\nrdb_changes_since_last_save:3\r\naof_enabled:1\r\naof_rewrite_in_progress:0\r\n", RedisPersistenceVerdict.AppendOnly)]
    [TestCase(null, "# Persistence\r\nloading:0\r\naof_enabled:0\r\n", RedisPersistenceVerdict.NotPersistent)]
    [TestCase(null, "# Persistence\r\nloading:0\r\n", RedisPersistenceVerdict.Unknown)]
    [TestCase(null, null, RedisPersistenceVerdict.Unknown, Description = "CONFIG and INFO both refused")]
    public void Redis_persists_only_with_append_only_on(string? appendOnly, string? info, RedisPersistenceVerdict expected)
    {
        Assert.That(RedisPersistence.Decide(appendOnly, info), Is.EqualTo(expected));
    }

    [Test]
    public void Only_append_only_persistence_goes_without_a_warning()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RedisPersistenceVerdict.AppendOnly.Warning(), Is.Null);
            Assert.That(RedisPersistenceVerdict.NotPersistent.Warning(), Does.Contain("appendonly yes").And.Contain("published again"));
            Assert.That(RedisPersistenceVerdict.Unknown.Warning(), Does.Contain("appendonly yes"));
        });
    }

    [TestCase(true, "Healthy")]
    [TestCase(false, "Degraded")]
    public async Task Readiness_reports_a_Redis_without_append_only_persistence_as_degraded(bool appendOnly, string expected)
    {
        var redis = Track(await PrivateRedisServer.StartAsync(appendOnly));
        var application = Ingress(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString });
        using var client = application.CreateClient();

        using var response = await client.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(body, Does.Contain($"\"redis-persistence\":{{\"status\":\"{expected}\""), body);
    }
}
