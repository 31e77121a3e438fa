using Sms.Contracts.Conversations;
using Sms.ServiceDefaults.Security;

namespace Sms.ServiceDefaults.Tests.Security;

/// <summary>The decision on a presented key (<see cref="ApiClientDirectory"/>), and the key format (<see cref="ApiClientKey"/>).</summary>
public sealed class ApiClientDirectoryTests
{
    private static readonly DateTimeOffset Listed = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static (ApiClientEntry Entry, string Key) Client(bool revoked = false, params string[] scopes)
    {
        var (id, key, hash) = ApiClientKey.Create();
        return (new ApiClientEntry { Id = id, Name = "crm", Scopes = scopes, SecretHash = hash, Revoked = revoked }, key);
    }

    private static ApiClientDirectory With(DateTimeOffset listedAt, params ApiClientEntry[] clients)
    {
        var directory = new ApiClientDirectory();
        directory.Replace(new ApiClientsChanged { Clients = clients, ListedAt = listedAt });
        return directory;
    }

    [Test]
    public void A_client_s_key_is_accepted_with_exactly_its_known_scopes()
    {
        var (entry, key) = Client(false, ApiScopes.Send, "no-such-scope");

        var check = With(Listed, entry).Check(key, []);

        Assert.Multiple(() =>
        {
            Assert.That(check.Outcome, Is.EqualTo(ApiKeyOutcome.Accepted));
            Assert.That(check.ClientId, Is.EqualTo(entry.Id));
            Assert.That(check.Scopes, Is.EquivalentTo(new[] { ApiScopes.Send }));
        });
    }

    [Test]
    public void A_revoked_client_s_key_is_refused_as_revoked()
    {
        var (entry, key) = Client(true, ApiScopes.Send);

        Assert.That(With(Listed, entry).Check(key, []).Outcome, Is.EqualTo(ApiKeyOutcome.Revoked));
    }

    [TestCase("wrong-secret")]
    [TestCase("")]
    public void A_known_id_with_another_secret_is_unknown(string otherSecret)
    {
        var (entry, _) = Client(false, ApiScopes.Send);

        Assert.That(With(Listed, entry).Check($"sk_{entry.Id:N}_{otherSecret}", []).Outcome, Is.EqualTo(ApiKeyOutcome.Unknown));
    }

    [Test]
    public void A_bootstrap_key_holds_every_scope_and_another_string_nothing()
    {
        var directory = new ApiClientDirectory();

        var bootstrap = directory.Check("bootstrap-key", ["bootstrap-key"]);
        var other = directory.Check("guess", ["bootstrap-key"]);

        Assert.Multiple(() =>
        {
            Assert.That(bootstrap.Outcome, Is.EqualTo(ApiKeyOutcome.Accepted));
            Assert.That(bootstrap.ClientId, Is.Null);
            Assert.That(bootstrap.Scopes, Is.EquivalentTo(ApiScopes.All));
            Assert.That(other.Outcome, Is.EqualTo(ApiKeyOutcome.Unknown));
        });
    }

    [Test]
    public void An_older_list_arriving_late_does_not_bring_a_revoked_client_back()
    {
        var (entry, key) = Client(false, ApiScopes.Send);
        var directory = With(Listed, entry with { Revoked = true });

        var kept = directory.Replace(new ApiClientsChanged { Clients = [entry], ListedAt = Listed.AddSeconds(-1) });

        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.False);
            Assert.That(directory.Check(key, []).Outcome, Is.EqualTo(ApiKeyOutcome.Revoked));
        });
    }

    [TestCase("sk_")]
    [TestCase("sk_0123456789abcdef0123456789abcdef")]
    [TestCase("sk_0123456789abcdef0123456789abcdef_")]
    [TestCase("sk_not-a-guid-not-a-guid-not-a-guid_secret")]
    [TestCase("pk_0123456789abcdef0123456789abcdef_secret")]
    public void A_string_not_in_the_key_format_does_not_parse(string key) =>
        Assert.That(ApiClientKey.TryParse(key, out _, out _), Is.False);

    [Test]
    public void New_keys_differ_and_parse_back_to_their_id()
    {
        var a = ApiClientKey.Create();
        var b = ApiClientKey.Create();

        Assert.Multiple(() =>
        {
            Assert.That(a.Key, Is.Not.EqualTo(b.Key));
            Assert.That(ApiClientKey.TryParse(a.Key, out var id, out var secret), Is.True);
            Assert.That(id, Is.EqualTo(a.Id));
            Assert.That(ApiClientKey.Matches(secret, a.SecretHash), Is.True);
            Assert.That(secret.Length, Is.GreaterThanOrEqualTo(43), "32 random bytes");
        });
    }

    [Test]
    public void Use_is_reported_once_per_interval_per_client()
    {
        var throttle = new ApiClientUsageThrottle(TimeSpan.FromMinutes(1));
        var client = Guid.NewGuid();

        var reports = new[]
        {
            throttle.ShouldReport(client, Listed),
            throttle.ShouldReport(client, Listed.AddSeconds(30)),
            throttle.ShouldReport(Guid.NewGuid(), Listed.AddSeconds(30)),
            throttle.ShouldReport(client, Listed.AddSeconds(61)),
        };

        Assert.That(reports, Is.EqualTo(new[] { true, false, true, true }));
    }
}
