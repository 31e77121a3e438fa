using MassTransit;
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

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapConversationsApi();
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
