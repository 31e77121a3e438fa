using Sms.Ingress.Extensions;
using Sms.Ingress.Http;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSmsMessaging();
builder.AddIngress();

var app = builder.Build();
app.UseExceptionHandler();
app.MapVonageInboundWebhook();
app.MapVonageDeliveryReceiptWebhook();
app.MapVonageMessagesWebhooks();
app.MapTwilioWebhooks();
app.MapMessagesApi();
app.MapRejectedWebhooksApi();
app.MapDefaultEndpoints();
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
