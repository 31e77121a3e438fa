using Sms.Conversations.Agents;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>The sign-in lock's arithmetic: counting within the window, locking, and starting over.</summary>
public sealed class SignInLockoutTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly SignInLockout Lockout = new(new SignInLockoutOptions { MaxFailures = 3, FailureWindowMinutes = 10, LockMinutes = 5 });

    [Test]
    public void The_last_failure_allowed_within_the_window_locks_the_name_for_its_time()
    {
        var failures = Fail(null, T0, T0.AddMinutes(1), T0.AddMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(failures.Failures, Is.EqualTo(3));
            Assert.That(Lockout.LockedFor(failures, T0.AddMinutes(2)), Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(Lockout.LockedFor(failures, T0.AddMinutes(6)), Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(Lockout.LockedFor(failures, T0.AddMinutes(7)), Is.Null, "the lock ends");
        });
    }

    [Test]
    public void Failures_further_apart_than_the_window_never_lock()
    {
        var failures = Fail(null, T0, T0.AddMinutes(1), T0.AddMinutes(10), T0.AddMinutes(11), T0.AddMinutes(20));

        Assert.Multiple(() =>
        {
            Assert.That(Lockout.LockedFor(failures, T0.AddMinutes(20)), Is.Null);
            Assert.That(failures.Failures, Is.EqualTo(1), "windows started at minutes 0, 10 and 20");
        });
    }

    [Test]
    public void After_a_lock_ends_the_count_starts_again()
    {
        var locked = Fail(null, T0, T0, T0);
        var afterwards = Lockout.AfterFailure(locked, T0.AddMinutes(6));

        Assert.Multiple(() =>
        {
            Assert.That(afterwards.Failures, Is.EqualTo(1));
            Assert.That(Lockout.LockedFor(afterwards, T0.AddMinutes(6)), Is.Null);
        });
    }

    [Test]
    public void A_name_never_failed_is_not_locked() => Assert.That(Lockout.LockedFor(null, T0), Is.Null);

    private static SignInFailures Fail(SignInFailures? failures, params DateTimeOffset[] at)
    {
        foreach (var moment in at)
            failures = Lockout.AfterFailure(failures, moment);
        return failures!;
    }
}
