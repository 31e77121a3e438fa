using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sms.Conversations.Agents;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Background;

/// <summary>
/// Creates the configured admin at start when that account does not exist yet (an existing account is left as it is: its
/// password, its role, and whether an admin disabled it). Runs after the migrations: RunSmsServiceAsync applies them before the host starts.
/// </summary>
public sealed partial class BootstrapAdmin(
    IOptions<BootstrapAdminOptions> options, AgentStore agents, IPasswordHasher<AgentRow> hasher, ILogger<BootstrapAdmin> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (string.IsNullOrWhiteSpace(admin.Username) || string.IsNullOrEmpty(admin.Password))
            return;
        var username = admin.Username.Trim().ToLowerInvariant();
        if (AgentNames.UsernameError(username) is { } error)
            throw new InvalidOperationException($"{BootstrapAdminOptions.Section}:Username: {error}");

        var seed = new AgentRow { Username = username, DisplayName = admin.DisplayName ?? username, Role = AgentRoles.Admin, PasswordHash = "" };
        var created = await agents.CreateAsync(
            new AgentRow { Username = username, DisplayName = seed.DisplayName, Role = AgentRoles.Admin, PasswordHash = hasher.HashPassword(seed, admin.Password) },
            "bootstrap", cancellationToken);
        if (created)
            AdminCreated(logger, username);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5520, Level = LogLevel.Information, Message = "Bootstrap admin {Username} created")]
    private static partial void AdminCreated(ILogger logger, string username);
}
