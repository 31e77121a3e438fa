namespace Sms.Conversations.Extensions;

/// <summary>
/// How long an agent's session lasts (<c>Inbox:Sessions</c>): it ends after <see cref="IdleMinutes"/> (120) without a
/// request and at the latest <see cref="AbsoluteHours"/> (12) after sign-in. An instance may use what it read of a
/// session for <see cref="CacheSeconds"/> (2); a session ended or an account changed on another instance is forgotten
/// as soon as that instance announces it (<c>Background/DatabaseChangeListener</c>), and within this time should the
/// announcement be lost; 0 reads it on every request.
/// </summary>
public sealed class InboxSessionOptions
{
    public const string Section = "Inbox:Sessions";

    public double IdleMinutes { get; set; } = 120;

    public double AbsoluteHours { get; set; } = 12;

    public double CacheSeconds { get; set; } = 2;
}
