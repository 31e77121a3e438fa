using MassTransit;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSmsMessaging(bus => bus.AddConsumers(typeof(Program).Assembly));

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
