/*
 * audio: plays the voter screen's spoken clips through ALSA, decoding Ogg
 * Vorbis with libvorbisfile (or reading 16-bit PCM WAV).  It is the only
 * module that sees either library, and it loads both with dlopen() only
 * when [audio] is on, so a silent kiosk never maps them.
 *
 * A clip plays in a child process: the voter's screen never waits for the
 * sound card, and a clip still playing when the screen changes is killed.
 * With no sound device the kiosk runs silently; audio_open() says why.
 */
#ifndef YKIEN_AUDIO_H
#define YKIEN_AUDIO_H

#include <stddef.h>

#define AUDIO_DEVICE_MAX	64

struct audio_conf {
	int	 enabled;			/* [audio] enabled = yes|no */
	int	 volume;			/* 0..100 */
	char	 device[AUDIO_DEVICE_MAX];	/* an ALSA PCM name */
};

struct audio;

/*
 * Load the libraries and probe the device.  Returns NULL when audio is
 * off (disabled, a library missing, no device) with the reason in *why
 * (a static string or one in why_buf).
 */
struct audio	*audio_open(const struct audio_conf *, char *why_buf,
		    size_t why_len);
/*
 * Stop any clip playing and start path (Ogg Vorbis or WAV).  key is the
 * clip's key, written to $YKIEN_AUDIO_LOG (tests and diagnosis only).
 * Never blocks on the device; a file that cannot play is silent.
 */
void		 audio_play(struct audio *, const char *path, const char *key);
/* Stop the clip playing, if any, and reap it. */
void		 audio_stop(struct audio *);
void		 audio_close(struct audio *);

#endif
