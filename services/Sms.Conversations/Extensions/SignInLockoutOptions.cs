namespace Sms.Conversations.Extensions;

/// <summary>
/// How many wrong passwords a user name may take: <c>Inbox:SignIn:MaxFailures</c> (5) within
/// <c>:FailureWindowMinutes</c> (15) locks it for <c>:LockMinutes</c> (15).
/// </summary>
public sealed class SignInLockoutOptions
{
    public const string Section = "Inbox:SignIn";

    public int MaxFailures { get; set; } = 5;

    public double FailureWindowMinutes { get; set; } = 15;

    public double LockMinutes { get; set; } = 15;
}
