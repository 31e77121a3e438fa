using Sms.Conversations.Extensions;

namespace Sms.Conversations.Agents;

/// <summary>The wrong passwords counted for one user name, as stored (<c>conversations.sign_in_failures</c>).</summary>
public sealed record SignInFailures(int Failures, DateTimeOffset WindowStartedAt, DateTimeOffset? LockedUntil);

/// <summary>
/// Guessing passwords stops after a few tries: a user name that took <see cref="SignInLockoutOptions.MaxFailures"/>
/// wrong passwords within the window is locked for a while, whether or not the account exists (so the answer does not
/// tell which user names do), and while it is locked no password is even checked. A right password clears the count.
/// Pure: the store keeps the counts, in PostgreSQL so every Conversations instance sees them.
/// </summary>
public sealed class SignInLockout(SignInLockoutOptions options)
{
    private TimeSpan Window => TimeSpan.FromMinutes(options.FailureWindowMinutes);

    private TimeSpan LockFor => TimeSpan.FromMinutes(options.LockMinutes);

    /// <summary>
    /// Counts of wrong passwords whose window started before this instant and whose lock (if any) has ended count for
    /// nothing any more (<see cref="AfterFailure"/> starts afresh): the store forgets them, so the rows of names tried
    /// once are bounded by the names tried within one window.
    /// </summary>
    public DateTimeOffset ForgetBefore(DateTimeOffset now) => now - Window;

    /// <summary>How long the user name stays locked; null when a sign-in may be tried.</summary>
    public TimeSpan? LockedFor(SignInFailures? failures, DateTimeOffset now) =>
        failures?.LockedUntil is { } until && until > now ? until - now : null;

    /// <summary>The count after one more wrong password at <paramref name="now"/>.</summary>
    public SignInFailures AfterFailure(SignInFailures? failures, DateTimeOffset now)
    {
        var fresh = failures is null || now - failures.WindowStartedAt >= Window || failures.LockedUntil is { } until && until <= now;
        var counted = fresh ? new SignInFailures(1, now, null) : failures! with { Failures = failures!.Failures + 1 };
        return counted.Failures >= options.MaxFailures ? counted with { LockedUntil = now + LockFor } : counted;
    }
}
