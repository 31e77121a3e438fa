using Sms.Router.Extensions;
using Sms.Router.Http;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Data;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApiClients();
builder.AddSmsMessaging(bus => bus.AddRouterConsumers());
builder.AddSmsRedis();
builder.Services.AddRouterServices();

var app = builder.Build();
app.MapSessionEndpoints();
app.MapDefaultEndpoints();
app.MapApiDocument().RequireAnyScope();
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
