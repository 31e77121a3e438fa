using Sms.Ingress.Extensions;
using Sms.Ingress.Http;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApiClients();
builder.AddSmsMessaging(bus => bus.AddIngressRequestClients()); // publishes and asks: the ingress has no consumers
builder.AddIngressServices();

var app = builder.Build();
app.UseExceptionHandler();
app.MapVonageInboundEndpoints();
app.MapVonageDeliveryReceiptEndpoints();
app.MapVonageMessagesEndpoints();
app.MapTwilioEndpoints();
app.MapMessagesEndpoints();
app.MapRejectedWebhooksEndpoints();
app.MapTrackedLinkEndpoints();
app.MapDefaultEndpoints();
app.MapApiDocument().RequireAnyScope();
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;
