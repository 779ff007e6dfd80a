/*
 * audio: spoken clips through ALSA (see audio.h).
 *
 * Both libraries are loaded with dlopen() by audio_open(), never linked:
 * linked, libasound and libvorbisfile would be mapped by every kiosk
 * command, and a kiosk with [audio] enabled = no must not pay for them.
 * The names below shadow the libraries' own so the code reads as ordinary
 * ALSA and vorbisfile.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <alsa/asoundlib.h>
#define OV_EXCLUDE_STATIC_CALLBACKS
#include <vorbis/vorbisfile.h>

#include "ykien/audio.h"

#define ASOUND_SONAME	"libasound.so.2"
#define VORBIS_SONAME	"libvorbisfile.so.3"
#define CHUNK		4096	/* bytes decoded and written at a time */

static struct {
	int		 (*pcm_open)(snd_pcm_t **, const char *, snd_pcm_stream_t,
			    int);
	int		 (*pcm_set_params)(snd_pcm_t *, snd_pcm_format_t,
			    snd_pcm_access_t, unsigned, unsigned, int, unsigned);
	snd_pcm_sframes_t (*pcm_writei)(snd_pcm_t *, const void *,
			    snd_pcm_uframes_t);
	int		 (*pcm_recover)(snd_pcm_t *, int, int);
	int		 (*pcm_drain)(snd_pcm_t *);
	int		 (*pcm_close)(snd_pcm_t *);
	const char	*(*strerror)(int);
	int		 (*config_update_free_global)(void);
	int		 (*lib_error_set_handler)(snd_lib_error_handler_t);
	int		 (*vf_fopen)(const char *, OggVorbis_File *);
	vorbis_info	*(*vf_info)(OggVorbis_File *, int);
	long		 (*vf_read)(OggVorbis_File *, char *, int, int, int,
			    int, int *);
	int		 (*vf_clear)(OggVorbis_File *);
} al;

#define snd_pcm_open		(*al.pcm_open)
#define snd_pcm_set_params	(*al.pcm_set_params)
#define snd_pcm_writei		(*al.pcm_writei)
#define snd_pcm_recover		(*al.pcm_recover)
#define snd_pcm_drain		(*al.pcm_drain)
#define snd_pcm_close		(*al.pcm_close)
#define snd_strerror		(*al.strerror)
#define ov_fopen		(*al.vf_fopen)
#define ov_info			(*al.vf_info)
#define ov_read			(*al.vf_read)
#define ov_clear		(*al.vf_clear)

struct audio {
	struct audio_conf	 conf;
	pid_t			 child;		/* the clip playing, or 0 */
};

/* dlsym returns an object pointer; POSIX guarantees this conversion. */
#define LOAD(h, field, name) do {					\
	void *sym_ = dlsym(h, name);					\
	if (sym_ == NULL)						\
		return name;						\
	memcpy(&al.field, &sym_, sizeof sym_);				\
} while (0)

/*
 * ALSA prints its errors on stderr, which is the voter's screen (and the
 * official's `status`): audio_open() reports the reason itself instead.
 */
static void
quiet(const char *file, int line, const char *fn, int err, const char *fmt,
    ...)
{
}

/* NULL, or the name of what could not be loaded. */
static const char *
load(void)
{
	static int	 loaded;
	void		*a, *v;

	if (loaded)
		return NULL;
	if ((a = dlopen(ASOUND_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return ASOUND_SONAME " (apt-get install libasound2)";
	if ((v = dlopen(VORBIS_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return VORBIS_SONAME " (apt-get install libvorbisfile3)";
	LOAD(a, pcm_open, "snd_pcm_open");
	LOAD(a, pcm_set_params, "snd_pcm_set_params");
	LOAD(a, pcm_writei, "snd_pcm_writei");
	LOAD(a, pcm_recover, "snd_pcm_recover");
	LOAD(a, pcm_drain, "snd_pcm_drain");
	LOAD(a, pcm_close, "snd_pcm_close");
	LOAD(a, strerror, "snd_strerror");
	LOAD(a, config_update_free_global, "snd_config_update_free_global");
	LOAD(a, lib_error_set_handler, "snd_lib_error_set_handler");
	(void)(*al.lib_error_set_handler)(quiet);
	LOAD(v, vf_fopen, "ov_fopen");
	LOAD(v, vf_info, "ov_info");
	LOAD(v, vf_read, "ov_read");
	LOAD(v, vf_clear, "ov_clear");
	loaded = 1;
	return NULL;
}

struct audio *
audio_open(const struct audio_conf *conf, char *why, size_t len)
{
	struct audio	*a;
	snd_pcm_t	*pcm;
	const char	*miss;
	int		 rc;

	if (!conf->enabled) {
		snprintf(why, len, "off in kiosk.conf ([audio] enabled = no)");
		return NULL;
	}
	if ((miss = load()) != NULL) {
		snprintf(why, len, "cannot load %s", miss);
		return NULL;
	}
	/*
	 * Probe without blocking: a device held by another program is busy,
	 * not absent, so only a failure to open at all turns audio off.
	 */
	rc = snd_pcm_open(&pcm, conf->device, SND_PCM_STREAM_PLAYBACK,
	    SND_PCM_NONBLOCK);
	if (rc < 0 && rc != -EBUSY) {
		snprintf(why, len, "no sound device \"%s\": %s", conf->device,
		    snd_strerror(rc));
		(void)(*al.config_update_free_global)();
		return NULL;
	}
	if (rc == 0)
		(void)snd_pcm_close(pcm);
	/* ALSA's parsed configuration is rebuilt by each child. */
	(void)(*al.config_update_free_global)();
	if ((a = calloc(1, sizeof *a)) == NULL) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	a->conf = *conf;
	return a;
}

static void
scale(int16_t *s, size_t n, int volume)
{
	size_t	i;

	if (volume >= 100)
		return;
	for (i = 0; i < n; i++)
		s[i] = (int16_t)((int32_t)s[i] * volume / 100);
}

/* Write interleaved 16-bit frames; 0, or -1 when the device failed. */
static int
put(snd_pcm_t *pcm, int16_t *buf, size_t bytes, unsigned ch, int volume)
{
	size_t			 frames = bytes / (2 * ch), done = 0;
	snd_pcm_sframes_t	 n;

	scale(buf, bytes / 2, volume);
	while (done < frames) {
		n = snd_pcm_writei(pcm, buf + done * ch, frames - done);
		if (n < 0 && snd_pcm_recover(pcm, (int)n, 1) < 0)
			return -1;
		if (n > 0)
			done += (size_t)n;
	}
	return 0;
}

static int
open_pcm(const struct audio *a, snd_pcm_t **pcm, unsigned ch, unsigned rate)
{
	if (snd_pcm_open(pcm, a->conf.device, SND_PCM_STREAM_PLAYBACK, 0) < 0)
		return -1;
	if (snd_pcm_set_params(*pcm, SND_PCM_FORMAT_S16_LE,
	    SND_PCM_ACCESS_RW_INTERLEAVED, ch, rate, 1, 200000) < 0) {
		(void)snd_pcm_close(*pcm);
		return -1;
	}
	return 0;
}

static int
play_ogg(const struct audio *a, const char *path)
{
	OggVorbis_File	 vf;
	vorbis_info	*vi;
	snd_pcm_t	*pcm;
	int16_t		 buf[CHUNK / 2];
	long		 n;
	int		 sect, rc = -1;

	if (ov_fopen(path, &vf) != 0)
		return -1;
	if ((vi = ov_info(&vf, -1)) == NULL || vi->channels < 1 ||
	    vi->channels > 2 || open_pcm(a, &pcm, (unsigned)vi->channels,
	    (unsigned)vi->rate) != 0)
		goto out;
	/* Little-endian, 16-bit, signed. */
	while ((n = ov_read(&vf, (char *)buf, sizeof buf, 0, 2, 1, &sect)) > 0)
		if (put(pcm, buf, (size_t)n, (unsigned)vi->channels,
		    a->conf.volume) != 0)
			break;
	rc = n == 0 ? 0 : -1;
	(void)snd_pcm_drain(pcm);
	(void)snd_pcm_close(pcm);
out:
	(void)ov_clear(&vf);
	return rc;
}

static uint32_t
le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* A canonical PCM WAV: RIFF, "fmt " (16-bit, 1-2 channels), "data". */
static int
play_wav(const struct audio *a, FILE *f)
{
	uint8_t		 h[12], c[8], fmt[16];
	int16_t		 buf[CHUNK / 2];
	unsigned	 ch = 0, rate = 0;
	snd_pcm_t	*pcm;
	size_t		 n, left;
	uint32_t	 len;

	if (fread(h, 1, 12, f) != 12 || memcmp(h + 8, "WAVE", 4) != 0)
		return -1;
	while (fread(c, 1, 8, f) == 8) {
		len = le32(c + 4);
		if (memcmp(c, "fmt ", 4) == 0 && len >= 16) {
			if (fread(fmt, 1, 16, f) != 16 || fmt[0] != 1 ||
			    fmt[14] != 16 || (fmt[2] != 1 && fmt[2] != 2))
				return -1;
			ch = fmt[2];
			rate = le32(fmt + 4);
			len -= 16;
		} else if (memcmp(c, "data", 4) == 0 && ch != 0) {
			if (open_pcm(a, &pcm, ch, rate) != 0)
				return -1;
			for (left = len; left > 0; left -= n) {
				n = fread(buf, 1, left < sizeof buf ? left :
				    sizeof buf, f);
				if (n == 0 || put(pcm, buf, n, ch,
				    a->conf.volume) != 0)
					break;
			}
			(void)snd_pcm_drain(pcm);
			(void)snd_pcm_close(pcm);
			return 0;
		}
		if (fseeko(f, len + (len & 1), SEEK_CUR) != 0)
			return -1;
	}
	return -1;
}

static void
child(const struct audio *a, const char *path)
{
	FILE	*f;
	char	 magic[4];
	int	 fd;

	/* ALSA reports to stderr, which is the voter's screen. */
	if ((fd = open("/dev/null", O_WRONLY)) >= 0) {
		(void)dup2(fd, STDERR_FILENO);
		(void)dup2(fd, STDOUT_FILENO);
		(void)close(fd);
	}
	(void)signal(SIGTERM, SIG_DFL);
	(void)signal(SIGINT, SIG_DFL);
	if ((f = fopen(path, "rb")) == NULL)
		_exit(1);
	if (fread(magic, 1, 4, f) == 4 && memcmp(magic, "RIFF", 4) == 0) {
		rewind(f);
		_exit(play_wav(a, f) == 0 ? 0 : 1);
	}
	(void)fclose(f);
	_exit(play_ogg(a, path) == 0 ? 0 : 1);
}

static void
trace(const char *key)
{
	const char	*log = getenv("YKIEN_AUDIO_LOG");
	FILE		*f;

	if (log == NULL || *log == '\0' || (f = fopen(log, "a")) == NULL)
		return;
	(void)fprintf(f, "play %s\n", key);
	(void)fclose(f);
}

void
audio_play(struct audio *a, const char *path, const char *key)
{
	pid_t	pid;

	if (a == NULL)
		return;
	audio_stop(a);
	trace(key);
	if ((pid = fork()) == 0)
		child(a, path);
	a->child = pid > 0 ? pid : 0;
}

void
audio_stop(struct audio *a)
{
	if (a == NULL || a->child == 0)
		return;
	(void)kill(a->child, SIGKILL);
	while (waitpid(a->child, NULL, 0) < 0 && errno == EINTR)
		;
	a->child = 0;
}

void
audio_close(struct audio *a)
{
	if (a == NULL)
		return;
	audio_stop(a);
	free(a);
}
