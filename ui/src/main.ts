import { createApp } from "vue";
import { ElLoading, ElMessage, ElMessageBox, provideGlobalConfig } from "element-plus";
import zhCn from "element-plus/es/locale/lang/zh-cn";
// The templates' components bring their own styles (vite.config.ts); these are used from script.
import "element-plus/es/components/message/style/css";
import "element-plus/es/components/message-box/style/css";
import "element-plus/es/components/loading/style/css";
import "element-plus/es/components/tag/style/css";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import App from "./App.vue";
// After the components' own styles, which it adjusts.
import "./styles.css";

dayjs.locale("zh-cn");

const app = createApp(App);
// Chinese texts for every component, also the message boxes opened from script.
provideGlobalConfig({ locale: zhCn }, app, true);
app.use(ElMessage).use(ElMessageBox).use(ElLoading).mount("#app");
