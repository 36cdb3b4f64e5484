using System.Text.Json.Serialization;
using HaVrrp.Engine.Configuration;
using HaVrrp.Engine.Protocol.Codec;
using HaVrrp.Engine.Protocol.Router;
using HaVrrp.Engine.Tracking;

namespace HaVrrp.Engine.Control;

/// <summary>
/// The serializer for every control message, generated at build time: no reflection, so havrrpd can be published
/// Native AOT. camelCase names, enums as strings, nulls left out.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    Converters =
    [
        typeof(SecondsConverter),
        typeof(UtcTimeConverter),
        typeof(IPAddressConverter),
        typeof(CamelCaseEnumConverter<VrrpState>),
        typeof(CamelCaseEnumConverter<VrrpTransitionReason>),
        typeof(CamelCaseEnumConverter<InstanceHold>),
        typeof(CamelCaseEnumConverter<FailoverMode>),
        typeof(CamelCaseEnumConverter<ScriptState>),
        typeof(CamelCaseEnumConverter<ConfigFormat>),
        typeof(CamelCaseEnumConverter<DiagnosticSeverity>),
        typeof(CamelCaseEnumConverter<TrackedObjectKind>),
        typeof(CamelCaseEnumConverter<ProcessMonitorMethod>),
        typeof(CamelCaseEnumConverter<ChecksumVariant>),
        typeof(CamelCaseEnumConverter<AdvertDirection>),
        typeof(CamelCaseEnumConverter<AdvertisementAuthenticationType>),
        typeof(CamelCaseEnumConverter<EngineEventKind>),
        typeof(CamelCaseEnumConverter<Warnings.InstanceWarningCode>),
        typeof(CamelCaseEnumConverter<StreamEndReason>),
    ])]
[JsonSerializable(typeof(JsonRpcRequest))]
[JsonSerializable(typeof(JsonRpcError))]
[JsonSerializable(typeof(NoParams))]
[JsonSerializable(typeof(HelloResult))]
[JsonSerializable(typeof(InstanceListParams))]
[JsonSerializable(typeof(InstanceListResult))]
[JsonSerializable(typeof(SetPriorityParams))]
[JsonSerializable(typeof(FailoverParams))]
[JsonSerializable(typeof(InstanceChangeResult))]
[JsonSerializable(typeof(WaitParams))]
[JsonSerializable(typeof(ScriptListResult))]
[JsonSerializable(typeof(ReloadParams))]
[JsonSerializable(typeof(ReloadResult))]
[JsonSerializable(typeof(AdvertWatchParams))]
[JsonSerializable(typeof(EventWatchParams))]
[JsonSerializable(typeof(SubscriptionResult))]
[JsonSerializable(typeof(SubscriptionCancelParams))]
[JsonSerializable(typeof(SubscriptionCancelResult))]
[JsonSerializable(typeof(AdvertNotification))]
[JsonSerializable(typeof(EventNotification))]
[JsonSerializable(typeof(MissedNotification))]
[JsonSerializable(typeof(EndNotification))]
public sealed partial class ControlJsonContext : JsonSerializerContext;
