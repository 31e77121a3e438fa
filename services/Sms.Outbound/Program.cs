using MassTransit;
using Sms.Outbound.Consumers;
using Sms.Outbound.Extensions;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Data;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging;

// Outbound: takes every SmsApproved to the carrier (Vonage SMS API) once, and reports SmsSent or SmsSendFailed.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSmsMessaging(bus => bus.AddConsumer<SmsApprovedConsumer, SmsApprovedConsumerDefinition>());
builder.AddSmsRedis();
builder.AddOutbound();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
