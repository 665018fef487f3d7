{{/* Names and labels, as `helm create` makes them. */}}
{{- define "takeaways.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "takeaways.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "takeaways.selectorLabels" -}}
app.kubernetes.io/name: {{ include "takeaways.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "takeaways.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "takeaways.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "takeaways.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The Secret the bot's environment comes from: yours, or the one this chart makes. */}}
{{- define "takeaways.secretName" -}}
{{- default (include "takeaways.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{/* Where the ConfigMap's config.toml is mounted; TAKEAWAYS_CONFIG points at it. */}}
{{- define "takeaways.configDir" -}}/etc/takeaways{{- end }}

{{/* The drain's budget ([server] shutdown_seconds, the bot's default 25). */}}
{{- define "takeaways.shutdownSeconds" -}}
{{- $server := default dict .Values.config.server }}
{{- int64 (default 25 $server.shutdown_seconds) }}
{{- end }}

{{/* Kubernetes kills the pod after this: the preStop sleep, the drain, a margin. */}}
{{- define "takeaways.terminationGracePeriodSeconds" -}}
{{- add (int64 .Values.preStopSleepSeconds) (include "takeaways.shutdownSeconds" . | int64) (int64 .Values.terminationMarginSeconds) }}
{{- end }}

{{/*
values.config as TOML. Helm's toToml writes YAML's numbers as floats (25.0), which the bot
refuses for integer keys; every setting is a string, an integer or a boolean.
*/}}
{{- define "takeaways.configToml" -}}
{{- $sections := list }}
{{- range $section, $table := .Values.config }}
{{- if not (kindIs "map" $table) }}
{{- fail (printf "config.%s must be a table of settings (see config.example.toml)" $section) }}
{{- end }}
{{- $lines := list (printf "[%s]" $section) }}
{{- range $key, $value := $table }}
{{- $lines = append $lines (printf "%s = %s" $key (include "takeaways.tomlValue" (list $section $key $value))) }}
{{- end }}
{{- $sections = append $sections (join "\n" $lines) }}
{{- end }}
{{- join "\n\n" $sections }}
{{- end }}

{{- define "takeaways.tomlValue" -}}
{{- $value := index . 2 }}
{{- if kindIs "string" $value }}{{ toJson $value }}
{{- else if kindIs "bool" $value }}{{ $value }}
{{- else if and (or (kindIs "float64" $value) (kindIs "int64" $value) (kindIs "int" $value)) (eq (float64 $value) (float64 (int64 $value))) }}{{ int64 $value }}
{{- else }}{{ fail (printf "config.%s.%s: %v is not a string, a whole number or true/false" (index . 0) (index . 1) $value) }}
{{- end }}
{{- end }}

{{/*
The environment from the Secret, one variable per key of the same name: DATABASE_URL
(required), then the optional keys given ({root, keys}); a key missing from the Secret
leaves its variable unset.
*/}}
{{- define "takeaways.secretEnv" -}}
{{- $name := include "takeaways.secretName" .root -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: DATABASE_URL
{{- range .keys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: {{ . }}
      optional: true
{{- end }}
{{- end }}
