using Sms.Conversations.Extensions;
using Sms.Conversations.Http;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Data;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApiClients(InboxAuthentication.Scheme);
builder.AddSmsMessaging(bus => bus.AddConversationsConsumers());
builder.AddSmsPostgres("conversations", typeof(Program).Assembly);
builder.Services.AddConversationsServices();

var app = builder.Build();
app.UseInbox();
app.MapDefaultEndpoints();
app.MapAuthEndpoints();
app.MapInboxPassEndpoints();
app.MapInboxEndpoints();
app.MapAttachmentEndpoints();
app.MapConsentReviewEndpoints();
app.MapTeamEndpoints();
app.MapEventsEndpoints();
app.MapMetricsEndpoints();
app.MapFailureEndpoints();
app.MapWebhookEndpoints();
app.MapApiClientEndpoints();
app.MapApiDocument().RequireAnyScope();
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
