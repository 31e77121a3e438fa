using MassTransit;
using Sms.Conversations.Auth;
using Sms.Conversations.Extensions;
using Sms.Conversations.Http;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Data;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSmsMessaging(bus => bus.AddConsumers(typeof(Program).Assembly));
builder.AddSmsPostgres("conversations", typeof(Program).Assembly);
builder.AddConversations();
builder.AddInboxAuthentication();

var app = builder.Build();
app.UseInbox();
app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapInboxApi();
app.MapTeamApi();
app.MapInboxEvents();
app.MapMetricsApi();
app.MapOpenApi().RequireAuthorization(InboxAuthentication.Policy);
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
