# Shared by the audio tests, after lib/ui.sh: ALSA's real `file` PCM
# plugin as the sound device, and a bounded wait on the kiosk's clip log.

# alsa_file_conf: $SCR/asound.conf, the file plugin over the null device,
# appending the raw PCM it is given to $SCR/out.raw.
alsa_file_conf() {
	cat >"$SCR/asound.conf" <<EOC
pcm.!default {
	type file
	slave { pcm { type null } }
	file "|cat >>$SCR/out.raw"
	format "raw"
}
EOC
	: >"$SCR/out.raw"
}

# played N: $SCR/audio.log (YKIEN_AUDIO_LOG) has N lines, at most WAIT s.
played() {
	i=0
	while [ "$(cat "$SCR/audio.log" 2>/dev/null | wc -l)" -lt "$1" ]; do
		i=$((i + 1)); [ $i -lt $((WAIT * 20)) ] || die "clip $1 never started"
		sleep 0.05
	done
}
