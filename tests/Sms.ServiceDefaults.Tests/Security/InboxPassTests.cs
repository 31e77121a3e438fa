using System.Text;
using Sms.ServiceDefaults.Security;

namespace Sms.ServiceDefaults.Tests.Security;

/// <summary>The inbox pass (<see cref="InboxPass"/>): what it vouches for reads back, and nothing else is taken.</summary>
public sealed class InboxPassTests
{
    private const string Key = "a-test-pass-key-of-some-length";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static InboxPassClaims Claims(string audience = "campaigns", DateTimeOffset? expiresAt = null) =>
        new("ada", "Ada Lovelace", [ApiScopes.Campaigns, ApiScopes.InboxRead], audience, expiresAt ?? Now + InboxPass.Lifetime);

    [Test]
    public void A_pass_reads_back_as_the_agent_it_was_issued_for()
    {
        var token = InboxPass.Issue(Claims(), Key);

        var reading = InboxPass.Read(token, Key, "campaigns", Now.AddMinutes(4));

        Assert.Multiple(() =>
        {
            Assert.That(token, Does.StartWith("v1."));
            Assert.That(InboxPass.LooksLikePass(token), Is.True);
            Assert.That(reading.Problem, Is.Null);
            Assert.That(reading.Claims!.Subject, Is.EqualTo("ada"));
            Assert.That(reading.Claims.Name, Is.EqualTo("Ada Lovelace"));
            Assert.That(reading.Claims.Scopes, Is.EqualTo(new[] { ApiScopes.Campaigns, ApiScopes.InboxRead }));
            Assert.That(reading.Claims.Audience, Is.EqualTo("campaigns"));
            Assert.That(reading.Claims.ExpiresAt, Is.EqualTo(Now + InboxPass.Lifetime));
        });
    }

    [Test]
    public void A_pass_whose_claims_were_changed_is_refused()
    {
        var parts = InboxPass.Issue(Claims(), Key).Split('.');
        var claims = Encoding.UTF8.GetString(Convert.FromBase64String(Padded(parts[1].Replace('-', '+').Replace('_', '/'))));
        var forged = claims.Replace("\"inbox:read\"", "\"inbox:admin\"", StringComparison.Ordinal);
        Assert.That(forged, Is.Not.EqualTo(claims));
        var tampered = $"{parts[0]}.{Convert.ToBase64String(Encoding.UTF8.GetBytes(forged)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{parts[2]}";

        var reading = InboxPass.Read(tampered, Key, "campaigns", Now);

        Assert.Multiple(() =>
        {
            Assert.That(reading.Claims, Is.Null);
            Assert.That(reading.Problem, Does.Contain("signature"));
        });
    }

    [Test]
    public void A_pass_signed_with_another_key_is_refused() =>
        Assert.That(InboxPass.Read(InboxPass.Issue(Claims(), "another-key"), Key, "campaigns", Now).Problem, Does.Contain("signature"));

    [Test]
    public void A_pass_is_refused_once_expired_beyond_the_clock_skew()
    {
        var token = InboxPass.Issue(Claims(), Key);
        var expiresAt = Now + InboxPass.Lifetime;

        Assert.Multiple(() =>
        {
            Assert.That(InboxPass.Read(token, Key, "campaigns", expiresAt + InboxPass.ClockSkew - TimeSpan.FromSeconds(1)).Claims, Is.Not.Null);
            Assert.That(InboxPass.Read(token, Key, "campaigns", expiresAt + InboxPass.ClockSkew).Problem, Does.Contain("expired"));
        });
    }

    [Test]
    public void A_pass_for_another_service_is_refused() =>
        Assert.That(InboxPass.Read(InboxPass.Issue(Claims("compliance"), Key), Key, "campaigns", Now).Problem,
            Is.EqualTo("The pass is for 'compliance', not 'campaigns'."));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("local-dev-api-key")]
    [TestCase("v1.")]
    [TestCase("v1..")]
    [TestCase("v1.abc")]
    [TestCase("v1.abc.def.ghi")]
    [TestCase("v1.e30.!!!")]
    public void A_token_that_is_not_a_pass_is_refused(string? token) =>
        Assert.That(InboxPass.Read(token, Key, "campaigns", Now).Claims, Is.Null);

    [Test]
    public void Another_version_is_refused_even_when_signed()
    {
        var parts = InboxPass.Issue(Claims(), Key).Split('.');
        Assert.That(InboxPass.Read($"v2.{parts[1]}.{parts[2]}", Key, "campaigns", Now).Problem, Does.Contain("version"));
    }

    [Test]
    public void Scopes_the_platform_does_not_know_are_dropped()
    {
        var token = InboxPass.Issue(Claims() with { Scopes = [ApiScopes.Campaigns, "root"] }, Key);
        Assert.That(InboxPass.Read(token, Key, "campaigns", Now).Claims!.Scopes, Is.EqualTo(new[] { ApiScopes.Campaigns }));
    }

    [Test]
    public void Nothing_is_read_without_a_key() =>
        Assert.That(InboxPass.Read(InboxPass.Issue(Claims(), Key), "", "campaigns", Now).Claims, Is.Null);

    private static string Padded(string base64) => base64 + new string('=', (4 - base64.Length % 4) % 4);
}
