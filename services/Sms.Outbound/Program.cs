using Sms.Outbound.Extensions;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Data;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging;

// Outbound: takes every SmsApproved to the carrier (Vonage SMS API) once, and reports SmsSent or SmsSendFailed.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSmsMessaging(bus => bus.AddOutboundConsumers());
builder.AddSmsRedis();
builder.Services.AddOutboundServices();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
