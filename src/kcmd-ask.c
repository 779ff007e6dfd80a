/*
 * The officials' PINs at the command line, one role at a time: asked on
 * the terminal (or read from the role's variable, for scripts) and checked
 * at once, so that a wrong first PIN is reported before the second person
 * is asked for theirs, and every message names the role it is about.
 */
#include <string.h>

#include "ykien/cli.h"
#include "ykien/i18n.h"
#include "ykien/keys.h"
#include "ykien/pin.h"
#include "ykien/util.h"
#include "kcmd.h"

int
kcmd_ask_pin(struct kiosk *k, const char *role, char **pin, char **cause)
{
	const char	*env, *prompt, *who;
	long		 wait;
	int		 rc;

	*pin = NULL;
	if (strcmp(role, PIN_FRONT) == 0) {
		env = "YKIEN_PIN_FRONT";
		prompt = _("Front representative's PIN: ");
		who = _("the Front representative's PIN");
	} else {
		env = "YKIEN_PIN_OFFICIAL";
		prompt = _("Commune official's PIN: ");
		who = _("the commune official's PIN");
	}
	if ((rc = cli_secret(env, prompt, 0, pin, cause)) != 0)
		return rc;
	if ((rc = pin_check(k, role, *pin, &wait, cause)) == 0)
		return 0;
	keys_secure_free(*pin);
	*pin = NULL;
	if (rc == YK_ENOENT)
		return util_fail(cause, rc, _("%s is not set on this kiosk "
		    "(ykien-kiosk pin set --role %s)"), who, role);
	if (rc == YK_EAUTH || rc == YK_ELOCKED)
		return util_wrap(cause, rc, _("%s was not accepted: "), who);
	return rc;
}
