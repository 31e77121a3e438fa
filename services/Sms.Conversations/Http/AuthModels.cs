namespace Sms.Conversations.Http;

/// <summary>The body of <c>POST /auth/login</c> (checked by <see cref="LoginRequestValidator"/>).</summary>
public sealed record LoginRequest(string? Username, string? Password);

/// <summary>An agent account; <paramref name="Disabled"/>: it cannot sign in (<c>POST /v1/agents/{username}/disable</c>).</summary>
public sealed record AgentResponse(string Username, string DisplayName, string Role, bool Disabled = false);

/// <summary>One of the caller's sessions: where and when it signed in, when it was last used, and whether it is this one.</summary>
public sealed record SessionResponse(
    Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? UserAgent, string? Ip, bool Current);

/// <summary>How many sessions a call ended.</summary>
public sealed record SessionsEnded(int Ended);

/// <summary>The body of <c>POST /v1/agents</c> (checked by <see cref="AgentAccountRequestValidator"/>).</summary>
public sealed record AgentAccountRequest(string? Username, string? DisplayName, string? Password, string? Role);

/// <summary>The body of <c>PUT /v1/agents/{username}/role</c> (checked by <see cref="AgentRoleRequestValidator"/>).</summary>
public sealed record AgentRoleRequest(string? Role);

/// <summary>The body of <c>PUT /v1/agents/{username}/password</c> (checked by <see cref="PasswordResetRequestValidator"/>).</summary>
public sealed record PasswordResetRequest(string? Password);

/// <summary>The body of <c>PUT /auth/password</c> (checked by <see cref="PasswordChangeRequestValidator"/>).</summary>
public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

/// <summary>One recorded change to an agent account: who (<paramref name="Actor"/>) did what to whom, when.</summary>
public sealed record AccountChangeResponse(DateTimeOffset At, string Actor, string Agent, string Action, string? Detail);
