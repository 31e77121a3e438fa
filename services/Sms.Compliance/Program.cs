using Sms.Compliance.Extensions;
using Sms.Compliance.Http;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Data;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApiClients();
builder.AddSmsMessaging(bus => bus.AddComplianceConsumers());
builder.AddSmsPostgres("compliance", typeof(Program).Assembly);
builder.AddSmsRedis();
builder.Services.AddComplianceServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapConsentEndpoints();
app.MapApiDocument().RequireAnyScope();
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
