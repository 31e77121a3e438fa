namespace Sms.Conversations.Extensions;

/// <summary>The first admin: <c>Inbox:BootstrapAdmin:Username</c> and <c>:Password</c> (environment <c>Inbox__BootstrapAdmin__Username</c>, …).</summary>
public sealed class BootstrapAdminOptions
{
    public const string Section = "Inbox:BootstrapAdmin";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? DisplayName { get; set; }
}
