using Sms.Conversations.Agents;
using Sms.Conversations.Extensions;
using Sms.Conversations.Http;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>The session rules, pure: idle and absolute ends, the token's shape, and the sign-in counts that are forgotten.</summary>
public sealed class SessionPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly SessionPolicy Policy = new(new InboxSessionOptions { IdleMinutes = 30, AbsoluteHours = 8 });

    private static SessionRow SignedInAt(DateTimeOffset at, DateTimeOffset lastSeen) =>
        new(Guid.NewGuid(), "ada", "Ada", AgentRoles.Agent, at, lastSeen, Policy.ExpiresAt(at), null, null);

    [TestCase(0, 0, true)]
    [TestCase(29, 0, true)]
    [TestCase(30, 0, false)]
    [TestCase(60, 31, true)]
    [TestCase(479, 470, true)]
    [TestCase(480, 479, false)]
    public void A_session_works_while_used_within_the_idle_time_until_its_absolute_end(int minutesAfterSignIn, int lastSeenMinutesAfterSignIn, bool live)
    {
        var session = SignedInAt(T0, T0.AddMinutes(lastSeenMinutesAfterSignIn));
        Assert.That(Policy.IsLive(session, T0.AddMinutes(minutesAfterSignIn)), Is.EqualTo(live));
    }

    [Test]
    public void Tokens_are_43_base64url_characters_and_never_repeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SessionPolicy.NewToken()).ToList();
        Assert.That(tokens, Is.All.Matches<string>(SessionPolicy.IsWellFormed).And.All.Length.EqualTo(43));
        Assert.That(tokens, Is.Unique);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("short")]
    [TestCase("CfDJ8N-an-old-data-protected-ticket-longer-than-a-token-is")]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=")]
    public void A_cookie_value_that_cannot_be_a_token_is_no_session(string? value) =>
        Assert.That(SessionPolicy.IsWellFormed(value), Is.False);

    [Test]
    public void A_user_name_or_password_beyond_its_limit_or_with_NUL_is_refused_at_sign_in_before_anything_is_counted()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LoginRequestValidator.Validate(new LoginRequest(new string('a', InputLimits.UsernameLength), "pw")), Is.Empty);
            Assert.That(LoginRequestValidator.Validate(new LoginRequest(new string('a', InputLimits.UsernameLength + 1), "pw")).Keys, Is.EqualTo(new[] { "username" }));
            Assert.That(LoginRequestValidator.Validate(new LoginRequest("  Ada  ", "pw")), Is.Empty, "trimmed and lower-cased as at sign-in");
            Assert.That(LoginRequestValidator.Validate(new LoginRequest("ada", new string('p', InputLimits.PasswordLength + 1))).Keys, Is.EqualTo(new[] { "password" }));
            Assert.That(LoginRequestValidator.Validate(new LoginRequest("ada", "p\0w")).Keys, Is.EqualTo(new[] { "password" }));
        });
    }

    [Test]
    public void Sign_in_counts_older_than_the_window_are_forgotten_because_they_count_for_nothing()
    {
        var lockout = new SignInLockout(new SignInLockoutOptions { MaxFailures = 3, FailureWindowMinutes = 10, LockMinutes = 5 });
        var old = new SignInFailures(2, T0, null);
        var now = T0.AddMinutes(11);

        Assert.That(old.WindowStartedAt, Is.LessThan(lockout.ForgetBefore(now)));
        Assert.That(lockout.AfterFailure(old, now), Is.EqualTo(lockout.AfterFailure(null, now)), "the same as never having failed");
    }
}
